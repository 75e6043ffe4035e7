import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  anySignatureMatches,
  hmacSha256Hex,
  presentedDigests,
  signingSecretFields,
  checkOneSecretForm,
  secretsOf,
} from './hmac-signature';
import { z } from 'zod';

// Expected digests are either fixed hex (computed once with `openssl dgst -sha256 -hmac`, so a
// change in how bytes are encoded is caught) or computed here with node:crypto directly.

describe('hmacSha256Hex', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(hmacSha256Hex('Jefe', ['what do ya want for nothing?'])).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('signs non-ASCII text as its UTF-8 bytes (openssl vector)', () => {
    const text = '{"event":{"id":"01DEMO","note":"café ☕"}}';
    const expected = '7aab78ad398c2d6c68d38e6f3297573189824d1b38b801eaa1381d1bebd2385e';
    expect(hmacSha256Hex('pd-secret-0123456789abcdef', [Buffer.from(text, 'utf8')])).toBe(expected);
    expect(hmacSha256Hex('pd-secret-0123456789abcdef', [text])).toBe(expected);
  });

  it('signs its parts concatenated, text and bytes alike (openssl vector)', () => {
    const parts = ['1765111200.', Buffer.from('{"title":"Disk full on db-1","state":"alerting"}')];
    expect(hmacSha256Hex('generic-secret-0123456789abcdef', parts)).toBe(
      '67e6a23d451d37b282c365f8c3fdca067c3b80249e7f4fa34dcf151a2a447e37',
    );
  });
});

describe('presentedDigests', () => {
  const a = 'ab'.repeat(32);
  const b = 'CD'.repeat(32);

  it('reads one v1 signature, and several separated by commas and spaces', () => {
    expect(presentedDigests(`v1=${a}`).map(hex)).toEqual([a]);
    expect(presentedDigests(`v1=${a}, v1=${b}`).map(hex)).toEqual([a, b.toLowerCase()]);
  });

  it('reads a header that arrived as a list', () => {
    expect(presentedDigests([`v1=${a}`, `v1=${b}`]).map(hex)).toEqual([a, b.toLowerCase()]);
  });

  it('skips other versions, bare hex and digests that are not 64 hex digits', () => {
    const header = [`v0=${a}`, a, `v1=${a.slice(2)}`, `v1=${a}zz`, `v1=${'g'.repeat(64)}`, ''].join(
      ',',
    );
    expect(presentedDigests(header)).toEqual([]);
    expect(presentedDigests(undefined)).toEqual([]);
  });
});

describe('anySignatureMatches', () => {
  const body = Buffer.from('{"ok":true}');
  const digest = (secret: string, data: Buffer) =>
    createHmac('sha256', secret).update(data).digest();

  it('accepts the right digest under the one secret', () => {
    expect(
      anySignatureMatches([digest('first-secret-000000', body)], ['first-secret-000000'], [body]),
    ).toBe(true);
  });

  it('accepts when the second presented digest matches (the sender rotated)', () => {
    const presented = [digest('retired-secret-00000', body), digest('current-secret-00000', body)];
    expect(anySignatureMatches(presented, ['current-secret-00000'], [body])).toBe(true);
  });

  it('accepts when the second configured secret matches (the relay is rotating)', () => {
    const presented = [digest('next-secret-00000000', body)];
    expect(
      anySignatureMatches(presented, ['current-secret-00000', 'next-secret-00000000'], [body]),
    ).toBe(true);
  });

  it('refuses a tampered body, a wrong secret and no digest at all', () => {
    const presented = [digest('current-secret-00000', body)];
    expect(
      anySignatureMatches(presented, ['current-secret-00000'], [Buffer.from('{"ok":false}')]),
    ).toBe(false);
    expect(anySignatureMatches(presented, ['another-secret-00000'], [body])).toBe(false);
    expect(anySignatureMatches([], ['current-secret-00000'], [body])).toBe(false);
  });
});

describe('signing secrets in the sources file', () => {
  const schema = z
    .strictObject(signingSecretFields)
    .superRefine(checkOneSecretForm)
    .transform(secretsOf);
  const long = 'x'.repeat(16);

  it('reads secret as a list of one, and secrets as given', () => {
    expect(schema.parse({ secret: long })).toEqual([long]);
    expect(schema.parse({ secrets: [long, `${long}y`] })).toEqual([long, `${long}y`]);
  });

  it('refuses both, neither, an empty list and a short secret', () => {
    expect(schema.safeParse({ secret: long, secrets: [long] }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ secrets: [] }).success).toBe(false);
    expect(schema.safeParse({ secret: 'x'.repeat(15) }).success).toBe(false);
  });
});

function hex(digest: Buffer): string {
  return digest.toString('hex');
}
