/**
 * Reconnects are ours, not the stock provider's: after a relay goes away, clients come back at
 * jittered moments, and `reconnectNow()` skips the wait when the network returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectionProbe, startConnectionProbe } from '../testing/connection-probe';
import { RelayProcess } from '../testing/spawn-relay-process';
import { waitUntil, INTEGRATION_TIMEOUT_MS } from '../testing/test-fixtures';
import { createRelayRoom } from './relay-http';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect(relayUrl: string, roomId: string, key: string, baseMs: number): ConnectionProbe {
  const probe = startConnectionProbe({
    relayUrl,
    roomId,
    key,
    backoff: { baseMs, maxMs: baseMs, random: Math.random },
  });
  cleanups.push(() => probe.connection.stop());
  return probe;
}

describe('RelayConnection reconnects', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('brings clients back at jittered moments after the relay dies', async () => {
    const relay = await RelayProcess.start();
    cleanups.push(() => relay.dispose());
    const room = await createRelayRoom(relay.url);
    const probes = Array.from({ length: 6 }, () => connect(relay.url, room.id, room.writeKey, 600));
    await waitUntil(
      () => probes.every((probe) => probe.connection.linkState.kind === 'live'),
      'all live',
    );
    const before = probes.map((probe) => probe.attempts.length);

    await relay.stop('SIGKILL');
    await waitUntil(
      () => probes.every((probe, index) => probe.attempts.length > (before[index] ?? 0)),
      'every client to retry',
    );
    const firstRetry = probes.map((probe, index) => probe.attempts[before[index] ?? 0]?.at ?? 0);
    const spread = Math.max(...firstRetry) - Math.min(...firstRetry);
    // Delays are drawn from [300, 600] ms; the stock schedule would retry all at the same moment.
    expect(spread).toBeGreaterThan(40);
    for (const probe of probes) {
      const offline = probe.states.find((state) => state.kind === 'offline');
      expect(offline?.kind === 'offline' && offline.since).toBeGreaterThan(0);
    }
  });

  it('retries at once on reconnectNow instead of waiting out the backoff', async () => {
    const relay = await RelayProcess.start();
    cleanups.push(() => relay.dispose());
    const room = await createRelayRoom(relay.url);
    const probe = connect(relay.url, room.id, room.writeKey, 60_000);
    await waitUntil(() => probe.connection.linkState.kind === 'live', 'live');
    await relay.stop('SIGKILL');
    await waitUntil(() => probe.connection.linkState.kind === 'offline', 'offline');
    const attemptsWhileDown = probe.attempts.length;
    await relay.resume();
    // The stock provider would have retried within 2.5 s; ours waits out its 30–60 s backoff.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(probe.attempts.length).toBe(attemptsWhileDown);
    expect(probe.connection.linkState.kind).toBe('offline');
    // The network-change signal must not wait.
    probe.connection.reconnectNow();
    await waitUntil(() => probe.connection.linkState.kind === 'live', 'live again');
  });
});
