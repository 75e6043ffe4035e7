import { describe, expect, it } from 'vitest';
import type { HookRequest } from '../alert-source-kind';
import { grafanaKind } from './grafana';

// Known vectors computed with `openssl dgst -sha256 -hmac <secret>` over the exact bytes.
const SECRET = 'grafana-secret-0123456789';
const BODY = Buffer.from('{"status":"firing"}');
const SIGNED_BODY = 'ec704300158cfaba0f7112df62014652ad4bbff771da1605e4f97920d8689dbf';
const SIGNED_WITH_TIMESTAMP = '82f6a9b5d0ca5eebe0b0507fa6953cad5db4c457cb2306ad4c04c8a5e009aed5';
const TIMESTAMP = 1_700_000_000;

const config = (hmac: object) =>
  grafanaKind.configSchema.parse({ hmac: { secret: SECRET, ...hmac } });
const request = (headers: Record<string, string>, receivedAt = TIMESTAMP * 1000): HookRequest => ({
  headers,
  rawBody: BODY,
  receivedAt,
});

describe('Grafana HMAC signature', () => {
  it('accepts the signature of the body in the default header', () => {
    const checked = grafanaKind.verify(
      request({ 'x-grafana-alerting-signature': SIGNED_BODY }),
      config({}),
    );
    expect(checked).toEqual({ ok: true });
  });

  it('signs "<timestamp>:<body>" when a timestamp header is configured', () => {
    const withTimestamp = config({ timestampHeader: 'X-Grafana-Alerting-Timestamp' });
    const headers = {
      'x-grafana-alerting-signature': SIGNED_WITH_TIMESTAMP,
      'x-grafana-alerting-timestamp': String(TIMESTAMP),
    };
    expect(grafanaKind.verify(request(headers), withTimestamp)).toEqual({ ok: true });
    // The body's own signature does not pass when the timestamp is part of what is signed.
    expect(
      grafanaKind.verify(
        request({ ...headers, 'x-grafana-alerting-signature': SIGNED_BODY }),
        withTimestamp,
      ),
    ).toMatchObject({ ok: false, status: 403 });
    // Ten minutes later the same request is a replay.
    expect(
      grafanaKind.verify(request(headers, (TIMESTAMP + 600) * 1000), withTimestamp),
    ).toMatchObject({ ok: false, status: 401 });
  });

  it('names the header it wanted and never the secret', () => {
    const refused = grafanaKind.verify(request({}), config({ header: 'X-Signature' }));
    expect(refused).toEqual({
      ok: false,
      status: 401,
      reason: 'this source needs a signed body (X-Signature)',
    });
  });
});

describe('Grafana contact point config', () => {
  it('refuses both authorization and basic auth, as Grafana does', () => {
    const parsed = grafanaKind.configSchema.safeParse({
      authorization: { credentials: 'x'.repeat(20) },
      basic_auth: { username: 'grafana', password: 'y'.repeat(20) },
    });
    expect(parsed.success).toBe(false);
  });
});
