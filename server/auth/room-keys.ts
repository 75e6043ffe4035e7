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

/** Which key opened the room: its own write or read key, or the relay's team key (write). */
export type KeyGrant = { readonly access: RoomAccess; readonly via: 'room-key' | 'team-key' };

/**
 * Which access a presented key grants, or null. Every verifier is always compared so the
 * answer's timing does not tell a read key (or the team key) from a wrong one. The team key,
 * when the relay has one, writes to every room.
 */
export function grantForKey(
  key: string,
  verifiers: RoomKeyVerifiers,
  teamKeyVerifier: Buffer | null = null,
): KeyGrant | null {
  const presented = keyVerifier(key);
  const isWrite = sameDigest(presented, verifiers.writeKeyVerifier);
  const isRead = sameDigest(presented, verifiers.readKeyVerifier);
  const isTeam = teamKeyVerifier !== null && sameDigest(presented, teamKeyVerifier);
  if (isWrite) return { access: 'write', via: 'room-key' };
  if (isRead) return { access: 'read', via: 'room-key' };
  if (isTeam) return { access: 'write', via: 'team-key' };
  return null;
}

/** Which access a room's own keys grant to a presented key, or null. */
export function accessForKey(key: string, verifiers: RoomKeyVerifiers): RoomAccess | null {
  return grantForKey(key, verifiers)?.access ?? null;
}

/** Whether `key` is the team key whose verifier is given, compared in constant time. */
export function isTeamKey(key: string, teamKeyVerifier: Buffer): boolean {
  return sameDigest(keyVerifier(key), teamKeyVerifier);
}
