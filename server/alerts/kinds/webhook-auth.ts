import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { HookRefusal } from '../alert-source-kind';

/**
 * The two ways a Prometheus-family sender authenticates a webhook, named as in its own
 * configuration (Alertmanager's `http_config`, Grafana's contact point): an `Authorization`
 * header with a scheme and credentials, or HTTP basic auth. Secrets are compared in constant time
 * and never appear in a refusal.
 */

/** Long enough that guessing is hopeless; `openssl rand -hex 32` gives 64 characters. */
export const MIN_SECRET_CHARS = 16;

const secret = z
  .string()
  .min(MIN_SECRET_CHARS, { error: `must be at least ${MIN_SECRET_CHARS} characters` });

export const authorizationSchema = z
  .object({
    /** Alertmanager's `authorization.type` and Grafana's "Authentication Header Scheme". */
    type: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, { error: 'must be a scheme word such as Bearer' })
      .default('Bearer'),
    credentials: secret,
  })
  .strict();

export const basicAuthSchema = z
  .object({
    username: z.string().min(1).max(200),
    password: secret,
  })
  .strict();

export type AuthorizationConfig = z.output<typeof authorizationSchema>;
export type BasicAuthConfig = z.output<typeof basicAuthSchema>;

export type AuthCheck = { readonly ok: true } | HookRefusal;

const ACCEPTED: AuthCheck = { ok: true };

/** Equal strings, in time that does not depend on where they differ (or on their lengths). */
export function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function checkAuthorizationHeader(
  headers: IncomingHttpHeaders,
  expected: AuthorizationConfig,
): AuthCheck {
  const header = headers.authorization;
  if (!header) {
    return refuse(401, `this source needs Authorization: ${expected.type} <credentials>`);
  }
  const match = /^(\S+)\s+(.+?)\s*$/.exec(header);
  const schemeMatches = match?.[1]?.toLowerCase() === expected.type.toLowerCase();
  // Compared even when the scheme is wrong, so the answer's timing says nothing about it.
  const credentialsMatch = sameSecret(match?.[2] ?? '', expected.credentials);
  if (!schemeMatches || !credentialsMatch) {
    return refuse(403, 'the Authorization credentials are not valid for this source');
  }
  return ACCEPTED;
}

export function checkBasicAuth(headers: IncomingHttpHeaders, expected: BasicAuthConfig): AuthCheck {
  const header = headers.authorization;
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match?.[1]) return refuse(401, 'this source needs HTTP basic auth');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  // Both compared, always: which of the two was wrong is not for the caller to learn.
  const userMatches = sameSecret(username, expected.username);
  const passwordMatches = sameSecret(password, expected.password);
  if (!userMatches || !passwordMatches) {
    return refuse(403, 'the basic auth username or password is not valid for this source');
  }
  return ACCEPTED;
}

export function refuse(status: HookRefusal['status'], reason: string): HookRefusal {
  return { ok: false, status, reason };
}
