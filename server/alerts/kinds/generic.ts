import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertSourceKind, HookRefusal } from '../alert-source-kind';
import {
  anySignatureMatches,
  checkOneSecretForm,
  presentedDigests,
  secretsOf,
  signingSecretFields,
} from '../hmac-signature';
import type { NormalizedAlert } from '../normalized-alert';
import {
  applyMapping,
  type GenericMapping,
  genericMappingSchema,
  MappingRefusal,
} from './generic-mapping';

/**
 * Any JSON sender (a script, a chat bot, a monitoring tool with a plain webhook) that can sign:
 * `X-Incident-Room-Timestamp: <unix seconds>` and `X-Incident-Room-Signature: v1=<hex>`, the
 * HMAC-SHA256 of `<timestamp>.<raw body>` under the source's secret. The timestamp is signed so a
 * captured request cannot be replayed later than the source's replay window; inside the window a
 * replay carries the same delivery id and appends nothing. Its payload is read by the source's
 * mapping (generic-mapping.ts).
 */

export interface GenericSourceConfig {
  readonly secrets: readonly string[];
  /** How far the timestamp may be from the relay's clock, either way, in seconds. */
  readonly replayWindowSeconds: number;
  readonly mapping: GenericMapping;
}

export const TIMESTAMP_HEADER = 'x-incident-room-timestamp';
export const SIGNATURE_HEADER = 'x-incident-room-signature';
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;
/** A day: beyond it a captured request stays usable long after anyone would notice. */
export const MAX_REPLAY_WINDOW_SECONDS = 86_400;

/** Unix seconds as digits; 12 is enough until the year 33658 and keeps the number exact. */
const UNIX_SECONDS = /^\d{1,12}$/;

export const genericKind: AlertSourceKind<GenericSourceConfig> = {
  kind: 'generic',
  configSchema: z
    .strictObject({
      ...signingSecretFields,
      replayWindowSeconds: z
        .number()
        .int()
        .min(1)
        .max(MAX_REPLAY_WINDOW_SECONDS)
        .default(DEFAULT_REPLAY_WINDOW_SECONDS),
      mapping: genericMappingSchema,
    })
    .superRefine(checkOneSecretForm)
    .transform(({ replayWindowSeconds, mapping, ...fields }) => ({
      secrets: secretsOf(fields),
      replayWindowSeconds,
      mapping,
    })),

  verify(request, config) {
    const timestamp = singleHeader(request.headers[TIMESTAMP_HEADER]);
    if (timestamp === undefined) {
      return refuse(401, 'missing X-Incident-Room-Timestamp header (unix seconds)');
    }
    if (!UNIX_SECONDS.test(timestamp)) {
      return refuse(401, 'X-Incident-Room-Timestamp must be unix seconds (digits only)');
    }
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined || header.length === 0) {
      return refuse(401, 'missing X-Incident-Room-Signature header');
    }
    const presented = presentedDigests(header);
    if (presented.length === 0) {
      return refuse(401, 'X-Incident-Room-Signature has no v1=<64 hex digits> signature');
    }
    const signed = [`${timestamp}.`, request.rawBody];
    if (!anySignatureMatches(presented, config.secrets, signed)) {
      return refuse(403, "X-Incident-Room-Signature matches none of this source's secrets");
    }
    // Checked after the signature, so only an authentic request learns about the clock.
    const skewSeconds = Math.abs(request.receivedAt - Number(timestamp) * 1000) / 1000;
    if (skewSeconds > config.replayWindowSeconds) {
      return refuse(
        401,
        `timestamp outside the replay window: ${Math.round(skewSeconds)} s from the relay's clock, at most ${config.replayWindowSeconds} s allowed`,
      );
    }
    return { ok: true };
  },

  parse(body, config, request) {
    let fields: ReturnType<typeof applyMapping>;
    try {
      fields = applyMapping(config.mapping, body);
    } catch (error) {
      if (error instanceof MappingRefusal) return refuse(400, error.message);
      throw error;
    }
    const alert: NormalizedAlert = {
      dedupeKey: fields.dedupeKey,
      status: fields.status,
      title: fields.title,
      description: fields.description,
      severity: fields.severity,
      eventTime: fields.time ?? request.receivedAt,
      labels: fields.labels,
      annotations: {},
      links: fields.link === undefined ? [] : [{ label: 'Link', url: fields.link }],
      // The same bytes are the same notification: a sender's retry (or a replay inside the window)
      // appends nothing. Two deliberate, identical alerts need a mapped delivery id to both count.
      deliveryId:
        fields.deliveryId ?? `sha256:${createHash('sha256').update(request.rawBody).digest('hex')}`,
    };
    return { ok: true, alerts: [alert] };
  },
};

/** A header sent twice is refused rather than guessed between. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  if (value === undefined || Array.isArray(value) || value.trim() === '') return undefined;
  return value.trim();
}

function refuse(status: HookRefusal['status'], reason: string): HookRefusal {
  return { ok: false, status, reason };
}
