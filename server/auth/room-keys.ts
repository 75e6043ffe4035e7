import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits: far beyond guessing, so a fast hash is a sound verifier (no salt needed). */
const KEY_BYTES = 32;

export type RoomAccess = 'write' | 'read';

export interface RoomKeys {
  readonly writeKey: string;
  readonly readKey: string;
}

export interface RoomKeyVerifiers {
  readonly writeKeyVerifier: Buffer;
  readonly readKeyVerifier: Buffer;
}

export function generateRoomKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

export function keyVerifier(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function generateRoomKeys(): RoomKeys & RoomKeyVerifiers {
  const writeKey = generateRoomKey();
  const readKey = generateRoomKey();
  return {
    writeKey,
    readKey,
    writeKeyVerifier: keyVerifier(writeKey),
    readKeyVerifier: keyVerifier(readKey),
  };
}

function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Which access a presented key grants, or null. Both verifiers are always compared so the
 * answer's timing does not tell a read key from a wrong one.
 */
export function accessForKey(key: string, verifiers: RoomKeyVerifiers): RoomAccess | null {
  const presented = keyVerifier(key);
  const isWrite = sameDigest(presented, verifiers.writeKeyVerifier);
  const isRead = sameDigest(presented, verifiers.readKeyVerifier);
  if (isWrite) return 'write';
  if (isRead) return 'read';
  return null;
}
