import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_TIME_HEADER } from '../../../shared/protocol/relay-protocol';
import { estimateFromSamples, measureClockOffset } from './clock-offset';

describe('estimateFromSamples', () => {
  it('trusts the sample with the shortest round trip', () => {
    const estimate = estimateFromSamples(
      [
        { sentAt: 1000, rttMs: 400, relayTime: 900 },
        { sentAt: 2000, rttMs: 20, relayTime: 5010 },
        { sentAt: 3000, rttMs: 100, relayTime: 3000 },
      ],
      4000,
    );
    expect(estimate).toEqual({ offsetMs: 2010 - 5010, rttMs: 20, measuredAt: 4000 });
  });

  it('has no estimate without samples', () => {
    expect(estimateFromSamples([], 0)).toBeNull();
  });
});

describe('measureClockOffset', () => {
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
    );
  });

  it('finds a relay clock that runs 90 s behind this machine', async () => {
    const server = createServer((_request, response) => {
      response.setHeader(RELAY_TIME_HEADER, String(Date.now() - 90_000));
      response.end('{"ok":true}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const estimate = await measureClockOffset(`http://127.0.0.1:${port}`);
    expect(estimate).not.toBeNull();
    expect(Math.abs((estimate?.offsetMs ?? 0) - 90_000)).toBeLessThan(200);
  });

  it('answers null when the relay is unreachable', async () => {
    expect(
      await measureClockOffset('http://127.0.0.1:1', { samples: 2, timeoutMs: 500 }),
    ).toBeNull();
  });
});
