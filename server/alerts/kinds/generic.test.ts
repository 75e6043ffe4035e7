import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HookRequest } from '../alert-source-kind';
import { type GenericSourceConfig, genericKind } from './generic';

const SECRET = 'generic-secret-0123456789abcdef';
const NEXT_SECRET = 'generic-next-secret-9876543210';
const config: GenericSourceConfig = genericKind.configSchema.parse({
  secret: SECRET,
  mapping: { title: '/title', dedupeKey: '/group' },
});
/** The timestamp every request below is signed with, and the relay's clock at that second. */
const T = 1765111200;
const AT_T = T * 1000;

/** The expected signature, computed here with node:crypto over `<timestamp>.<body>`. */
function sign(secret: string, timestamp: string, body: Buffer): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${digest}`;
}

function request(body: Buffer, headers: IncomingHttpHeaders, receivedAt = AT_T): HookRequest {
  return { headers, rawBody: body, receivedAt };
}

function signed(body: Buffer, secret = SECRET, timestamp = String(T)): IncomingHttpHeaders {
  return {
    'x-incident-room-timestamp': timestamp,
    'x-incident-room-signature': sign(secret, timestamp, body),
  };
}

const body = Buffer.from('{"title":"Disk full on db-1","state":"alerting"}');

describe('generic verify', () => {
  it('accepts a known vector (signature fixed, computed with openssl)', () => {
    const headers = {
      'x-incident-room-timestamp': '1765111200',
      'x-incident-room-signature':
        'v1=67e6a23d451d37b282c365f8c3fdca067c3b80249e7f4fa34dcf151a2a447e37',
    };
    expect(genericKind.verify(request(body, headers), config)).toEqual({ ok: true });
  });

  it('accepts a request signed now', () => {
    expect(genericKind.verify(request(body, signed(body)), config)).toEqual({ ok: true });
  });

  it('accepts during rotation, on either side', () => {
    const both = {
      ...signed(body),
      'x-incident-room-signature': `${sign(NEXT_SECRET, String(T), body)}, ${sign(SECRET, String(T), body)}`,
    };
    expect(genericKind.verify(request(body, both), config)).toEqual({ ok: true });
    const rotating = { ...config, secrets: [SECRET, NEXT_SECRET] };
    expect(genericKind.verify(request(body, signed(body, NEXT_SECRET)), rotating)).toEqual({
      ok: true,
    });
  });

  it('refuses a tampered body, a wrong secret and a changed timestamp with 403', () => {
    const headers = signed(body);
    const tampered = Buffer.from(body.toString().replace('db-1', 'db-2'));
    expect(genericKind.verify(request(tampered, headers), config)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(genericKind.verify(request(body, signed(body, NEXT_SECRET)), config)).toMatchObject({
      ok: false,
      status: 403,
      reason: "X-Incident-Room-Signature matches none of this source's secrets",
    });
    // The timestamp is signed: moving it forward to pass the window breaks the signature.
    const moved = { ...headers, 'x-incident-room-timestamp': String(T + 1) };
    expect(genericKind.verify(request(body, moved, AT_T + 1000), config)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('refuses missing or malformed headers with 401', () => {
    const headers = signed(body);
    const without = (name: string) =>
      Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
    expect(genericKind.verify(request(body, without('x-incident-room-timestamp')), config)).toEqual(
      {
        ok: false,
        status: 401,
        reason: 'missing X-Incident-Room-Timestamp header (unix seconds)',
      },
    );
    expect(genericKind.verify(request(body, without('x-incident-room-signature')), config)).toEqual(
      {
        ok: false,
        status: 401,
        reason: 'missing X-Incident-Room-Signature header',
      },
    );
    const iso = { ...headers, 'x-incident-room-timestamp': '2025-12-07T12:40:00Z' };
    expect(genericKind.verify(request(body, iso), config)).toMatchObject({
      ok: false,
      status: 401,
    });
    const bare = {
      ...headers,
      'x-incident-room-signature': sign(SECRET, String(T), body).slice(3),
    };
    expect(genericKind.verify(request(body, bare), config)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it.each([
    ['300 s late', AT_T + 300_000, true],
    ['300.999 s late', AT_T + 300_999, false],
    ['301 s late', AT_T + 301_000, false],
    ['300 s early (the sender clock ahead)', AT_T - 300_000, true],
    ['301 s early', AT_T - 301_000, false],
  ])('replay window of 300 s: a request received %s is accepted: %s', (_, receivedAt, accepted) => {
    const result = genericKind.verify(request(body, signed(body), receivedAt), config);
    if (accepted) {
      expect(result).toEqual({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false, status: 401 });
      expect(result.ok ? '' : result.reason).toMatch(
        /^timestamp outside the replay window: 30\d s from the relay's clock, at most 300 s allowed$/,
      );
    }
  });

  it('uses the replay window of the config', () => {
    const narrow = { ...config, replayWindowSeconds: 5 };
    expect(genericKind.verify(request(body, signed(body), AT_T + 5000), narrow)).toEqual({
      ok: true,
    });
    expect(genericKind.verify(request(body, signed(body), AT_T + 6000), narrow)).toMatchObject({
      ok: false,
      status: 401,
    });
  });
});

describe('generic parse', () => {
  const raw = Buffer.from('{"title":"Disk full on db-1","group":"db-1/disk","id":"evt-9"}');
  const payload = JSON.parse(raw.toString()) as unknown;
  const parse = (source: GenericSourceConfig, value: unknown = payload) =>
    genericKind.parse(value, source, request(raw, {}, AT_T + 1500));

  it('maps the body; without a mapped time the alert is at the relay receive time', () => {
    expect(parse(config)).toEqual({
      ok: true,
      alerts: [
        {
          dedupeKey: 'db-1/disk',
          status: 'firing',
          title: 'Disk full on db-1',
          description: undefined,
          severity: undefined,
          eventTime: AT_T + 1500,
          labels: {},
          annotations: {},
          links: [],
          deliveryId: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
        },
      ],
    });
  });

  it('takes the delivery id from the mapping when it names one, and keeps the link', () => {
    const source = genericKind.configSchema.parse({
      secret: SECRET,
      mapping: { title: '/title', dedupeKey: '/group', deliveryId: '/id', link: '/url' },
    });
    const result = parse(source, { ...(payload as object), url: 'https://ci.example.com/run/9' });
    expect(result.ok && result.alerts[0]).toMatchObject({
      deliveryId: 'evt-9',
      links: [{ label: 'Link', url: 'https://ci.example.com/run/9' }],
    });
  });

  it('refuses a body the mapping cannot read with 400 naming the pointer', () => {
    expect(parse(config, { title: 'Disk full' })).toEqual({
      ok: false,
      status: 400,
      reason: 'dedupeKey: nothing at /group in the body',
    });
  });
});

describe('generic config', () => {
  const mapping = { title: '/title', dedupeKey: '/group' };

  it('defaults the replay window to 300 s and reads secrets as a list', () => {
    expect(genericKind.configSchema.parse({ secret: SECRET, mapping })).toMatchObject({
      secrets: [SECRET],
      replayWindowSeconds: 300,
    });
    expect(
      genericKind.configSchema.parse({
        secrets: [SECRET, NEXT_SECRET],
        replayWindowSeconds: 60,
        mapping,
      }),
    ).toMatchObject({ secrets: [SECRET, NEXT_SECRET], replayWindowSeconds: 60 });
  });

  it('refuses a window of 0 or over a day, a missing mapping and a short secret', () => {
    const accepted = (fields: Record<string, unknown>) =>
      genericKind.configSchema.safeParse({ secret: SECRET, mapping, ...fields }).success;
    expect(accepted({ replayWindowSeconds: 0 })).toBe(false);
    expect(accepted({ replayWindowSeconds: 86_401 })).toBe(false);
    expect(accepted({ mapping: undefined })).toBe(false);
    expect(accepted({ secret: 'short' })).toBe(false);
    expect(accepted({})).toBe(true);
  });
});
