import { describe, expect, it } from 'vitest';
import { accessForKey, generateRoomKeys, keyVerifier } from './room-keys';

describe('room keys', () => {
  it('are 256 random bits in base64url and differ every time', () => {
    const keys = Array.from({ length: 50 }, () => generateRoomKeys());
    const all = keys.flatMap((k) => [k.writeKey, k.readKey]);
    expect(new Set(all).size).toBe(all.length);
    for (const key of all) expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('grant write, read or nothing by their verifiers', () => {
    const keys = generateRoomKeys();
    expect(accessForKey(keys.writeKey, keys)).toBe('write');
    expect(accessForKey(keys.readKey, keys)).toBe('read');
    expect(accessForKey(`${keys.writeKey}x`, keys)).toBeNull();
    expect(accessForKey('', keys)).toBeNull();
    expect(accessForKey(generateRoomKeys().writeKey, keys)).toBeNull();
  });

  it('verifiers are SHA-256 digests, not the key', () => {
    const keys = generateRoomKeys();
    expect(keys.writeKeyVerifier).toHaveLength(32);
    expect(keys.writeKeyVerifier.toString('utf8')).not.toContain(keys.writeKey);
    expect(keyVerifier(keys.writeKey)).toEqual(keys.writeKeyVerifier);
  });
});
