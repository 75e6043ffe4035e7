import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { NormalizedAlert } from './normalized-alert';

/** A request to `POST /hooks/<source-id>` as a kind sees it: headers and the exact bytes sent. */
export interface HookRequest {
  readonly headers: IncomingHttpHeaders;
  /** Signatures are over these exact bytes, never over re-serialised JSON. */
  readonly rawBody: Buffer;
  /** The relay's clock, ms since epoch (replay windows are checked against it). */
  readonly receivedAt: number;
}

/** A refusal names one reason in a line; it never echoes a secret, token or signature. */
export type HookRefusal = {
  readonly ok: false;
  readonly status: 400 | 401 | 403;
  readonly reason: string;
};

/**
 * One sender's native format: how its requests are authenticated and how its payload becomes
 * NormalizedAlerts. `Config` is the kind-specific part of a source entry in the alert sources file
 * (secrets included); the file's common fields (id, kind) are not in it.
 */
export interface AlertSourceKind<Config> {
  readonly kind: 'alertmanager' | 'grafana' | 'pagerduty' | 'generic';
  /** The kind-specific fields of a source entry, validated when the relay starts. */
  readonly configSchema: z.ZodType<Config>;
  /** Authenticates before anything is parsed; constant-time comparisons only. */
  verify(request: HookRequest, config: Config): { readonly ok: true } | HookRefusal;
  /** The authenticated body (already JSON-parsed) as alerts; a body of the wrong shape is a 400. */
  parse(
    body: unknown,
    config: Config,
    request: HookRequest,
  ): { readonly ok: true; readonly alerts: readonly NormalizedAlert[] } | HookRefusal;
}
