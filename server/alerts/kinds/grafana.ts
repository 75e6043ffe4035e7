import { z } from 'zod';
import type { AlertSourceKind, HookRequest } from '../alert-source-kind';
import { hmacSha256Hex } from '../hmac-signature';
import type { NormalizedAlert } from '../normalized-alert';
import {
  alertGroupSchema,
  alertSchema,
  normalizeGroupAlert,
  shapeRefusal,
  webLink,
} from './alertmanager-payload';
import {
  authorizationSchema,
  basicAuthSchema,
  checkAuthorizationHeader,
  checkBasicAuth,
  MIN_SECRET_CHARS,
  refuse,
  sameSecret,
  type AuthCheck,
} from './webhook-auth';

/** Grafana's default signature header for a webhook contact point with an HMAC secret. */
export const GRAFANA_SIGNATURE_HEADER = 'X-Grafana-Alerting-Signature';

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be an HTTP header name' });

/**
 * Grafana's "HMAC Signature" option: hex HMAC-SHA256 of the body, or, when a timestamp header is
 * set, of `<timestamp>:<body>` with the Unix time in that header (then checked to be recent, so
 * a captured request cannot be replayed later).
 */
const hmacSchema = z
  .object({
    secret: z
      .string()
      .min(MIN_SECRET_CHARS, { error: `must be at least ${MIN_SECRET_CHARS} characters` }),
    header: headerName.default(GRAFANA_SIGNATURE_HEADER),
    timestampHeader: headerName.optional(),
    maxAgeSeconds: z.number().int().min(10).max(86_400).default(300),
  })
  .strict();

/**
 * A webhook contact point can send an Authorization header or basic auth (Grafana allows one of
 * the two), and can sign the body; a source names at least one of them, and every one named is
 * checked.
 */
const grafanaConfigSchema = z
  .object({
    authorization: authorizationSchema.optional(),
    basic_auth: basicAuthSchema.optional(),
    hmac: hmacSchema.optional(),
  })
  .strict()
  .refine((config) => !(config.authorization && config.basic_auth), {
    error: 'Grafana sends either authorization or basic_auth, not both: give one',
  })
  .refine((config) => config.authorization || config.basic_auth || config.hmac, {
    error: 'give authorization, basic_auth or hmac, as set on the contact point',
  });

export type GrafanaConfig = z.output<typeof grafanaConfigSchema>;

const grafanaPayloadSchema = alertGroupSchema.extend({
  orgId: z.number().int().optional(),
  title: z.string().default(''),
  state: z.string().default(''),
  message: z.string().default(''),
  alerts: z
    .array(
      alertSchema.extend({
        dashboardURL: z.string().optional(),
        panelURL: z.string().optional(),
        silenceURL: z.string().optional(),
        imageURL: z.string().optional(),
        values: z.record(z.string(), z.unknown()).nullable().optional(),
      }),
    )
    .min(1, { error: 'must hold at least one alert' }),
});

function checkSignature(request: HookRequest, hmac: NonNullable<GrafanaConfig['hmac']>): AuthCheck {
  const signature = headerValue(request, hmac.header);
  if (signature === undefined)
    return refuse(401, `this source needs a signed body (${hmac.header})`);
  // Grafana signs the body alone, or `<timestamp>:<body>` when it sends a timestamp header.
  const signed: (Buffer | string)[] = [request.rawBody];
  if (hmac.timestampHeader !== undefined) {
    const timestamp = headerValue(request, hmac.timestampHeader);
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
      return refuse(401, `this source needs a Unix timestamp in ${hmac.timestampHeader}`);
    }
    const ageSeconds = Math.abs(request.receivedAt / 1000 - Number(timestamp));
    if (ageSeconds > hmac.maxAgeSeconds) {
      return refuse(
        401,
        `the signature timestamp is more than ${hmac.maxAgeSeconds} s from the relay's clock`,
      );
    }
    signed.unshift(`${timestamp}:`);
  }
  const expected = hmacSha256Hex(hmac.secret, signed);
  if (!sameSecret(signature.trim().toLowerCase(), expected)) {
    return refuse(403, `the ${hmac.header} signature does not match the body`);
  }
  return { ok: true };
}

function headerValue(request: HookRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export const grafanaKind: AlertSourceKind<GrafanaConfig> = {
  kind: 'grafana',
  configSchema: grafanaConfigSchema,
  verify(request, config) {
    if (config.authorization) {
      const checked = checkAuthorizationHeader(request.headers, config.authorization);
      if (!checked.ok) return checked;
    }
    if (config.basic_auth) {
      const checked = checkBasicAuth(request.headers, config.basic_auth);
      if (!checked.ok) return checked;
    }
    return config.hmac ? checkSignature(request, config.hmac) : { ok: true };
  },
  parse(body) {
    const parsed = grafanaPayloadSchema.safeParse(body);
    if (!parsed.success) return shapeRefusal('a Grafana webhook payload', parsed.error);
    const group = parsed.data;
    const alerts = group.alerts.map((alert): NormalizedAlert => {
      const links = [
        ...webLink('dashboard', alert.dashboardURL),
        ...webLink('panel', alert.panelURL),
        ...webLink('silence', alert.silenceURL),
      ];
      return normalizeGroupAlert(group, alert, links);
    });
    return { ok: true, alerts };
  },
};
