import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * HMAC-SHA256 signatures as webhook senders send them: `v1=<hex>`, several comma-separated while
 * a secret is being rotated (PagerDuty's `X-PagerDuty-Signature`, the generic kind's
 * `X-Incident-Room-Signature`). One copy of the byte handling, so every kind signs the same bytes.
 */

/** The only signature scheme accepted; other versions in a header are ignored, as PagerDuty asks. */
export const SIGNATURE_VERSION = 'v1';

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * HMAC-SHA256 of the parts, in order, keyed with the secret's UTF-8 bytes. Parts are bytes or
 * UTF-8 text; the raw body must be passed as the Buffer received, never re-serialised JSON.
 */
export function hmacSha256(secret: string, parts: readonly (Buffer | string)[]): Buffer {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  for (const part of parts)
    hmac.update(typeof part === 'string' ? Buffer.from(part, 'utf8') : part);
  return hmac.digest();
}

/** The same HMAC as lowercase hex, as it is written in a header. */
export function hmacSha256Hex(secret: string, parts: readonly (Buffer | string)[]): string {
  return hmacSha256(secret, parts).toString('hex');
}

/**
 * The `v1` digests of a signature header, as bytes. A header a proxy sent twice arrives joined by
 * `, ` (or as a list), so both shapes are read. Entries of another version or that are not 64 hex
 * digits are skipped: they cannot match, and a sender may add new versions. Empty when none.
 */
export function presentedDigests(header: string | readonly string[] | undefined): Buffer[] {
  if (header === undefined) return [];
  const entries = (typeof header === 'string' ? [header] : header).flatMap((value) =>
    value.split(','),
  );
  const digests: Buffer[] = [];
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    if (separator < 0) continue;
    const version = entry.slice(0, separator).trim();
    const hex = entry.slice(separator + 1).trim();
    if (version === SIGNATURE_VERSION && SHA256_HEX.test(hex)) {
      digests.push(Buffer.from(hex, 'hex'));
    }
  }
  return digests;
}

/**
 * Whether any presented digest equals the HMAC of the parts under any of the secrets (rotation:
 * the sender may sign with the old and the new secret, and the relay may know either). Every pair
 * is compared in constant time and the loop does not stop early, so the time taken says nothing
 * about which secret or how many bytes matched.
 */
export function anySignatureMatches(
  presented: readonly Buffer[],
  secrets: readonly string[],
  parts: readonly (Buffer | string)[],
): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = hmacSha256(secret, parts);
    for (const digest of presented) {
      if (digest.length === expected.length && timingSafeEqual(digest, expected)) matched = true;
    }
  }
  return matched;
}

/** Shorter secrets are guessable offline from one signed request; senders generate far longer. */
export const MIN_SECRET_LENGTH = 16;

const secretSchema = z
  .string()
  .min(
    MIN_SECRET_LENGTH,
    `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`,
  );

/**
 * A signed source's secrets in the alert sources file: `secret: <one>` or, while rotating,
 * `secrets: [<new>, <old>]`. Both read as a list; giving both or neither is refused.
 */
export const signingSecretFields = {
  secret: secretSchema.optional(),
  secrets: z.array(secretSchema).min(1).optional(),
};

export function checkOneSecretForm(
  value: { readonly secret?: string | undefined; readonly secrets?: readonly string[] | undefined },
  context: z.RefinementCtx,
): void {
  if ((value.secret === undefined) === (value.secrets === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['secret'],
      message: 'give either secret (one) or secrets (a list, while rotating), not both or neither',
    });
  }
}

export function secretsOf(value: {
  readonly secret?: string | undefined;
  readonly secrets?: readonly string[] | undefined;
}): readonly string[] {
  return value.secrets ?? (value.secret === undefined ? [] : [value.secret]);
}
