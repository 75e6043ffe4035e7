import { afterEach, describe, expect, it } from 'vitest';
import { Host } from './host';
import { type RelayProcess, startRelay } from './testing/spawn-relay-process';
import {
  TEST_BACKOFF,
  appendTestEntry,
  readTestEntries,
  tempDir,
  waitUntil,
} from './testing/test-fixtures';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newHost(): Host {
  const dir = tempDir('ir-host-');
  const host = Host.open({ dataDir: dir.path, backoff: TEST_BACKOFF });
  cleanups.push(() => {
    host.close();
    dir.remove();
  });
  return host;
}

async function newRelay(): Promise<RelayProcess> {
  const relay = await startRelay();
  cleanups.push(() => relay.stop('SIGKILL'));
  return relay;
}

describe('Host with a relay', () => {
  it('creates a room on a relay, another host joins by invite, both converge and confirm', async () => {
    const relay = await newRelay();
    const alice = newHost();
    const bob = newHost();
    const room = await alice.createRoom({ title: 'Checkout 500s', relayUrl: relay.url });
    expect(room.relay?.url).toBe(relay.url);
    const aliceSession = alice.openRoom(room.localId);
    appendTestEntry(aliceSession.doc, { id: 'a1', text: 'alerts firing', at: 1000 });
    expect(aliceSession.status().pendingToRelay).toBe(1);
    await aliceSession.whenAllConfirmed();

    const joined = bob.joinRoom(`paste: ${alice.inviteLink(room.localId)}`);
    const bobSession = bob.openRoom(joined.localId);
    await bobSession.whenLive();
    await waitUntil(() => readTestEntries(bobSession.doc).length === 1, 'bob to see the entry');
    appendTestEntry(bobSession.doc, { id: 'b1', text: 'rolled back', at: 2000 });
    await waitUntil(() => readTestEntries(aliceSession.doc).length === 2, 'alice to see bob');
    await bobSession.whenAllConfirmed();
    expect(bobSession.status().connection).toBe('live');
    expect(Math.abs(bobSession.clockOffsetMs)).toBeLessThan(1000);
  });

  it('is local-only without a relay and publishes later', async () => {
    const relay = await newRelay();
    const host = newHost();
    const room = await host.createRoom({ title: 'Local drill' });
    const session = host.openRoom(room.localId);
    appendTestEntry(session.doc, { id: 'l1', text: 'offline thought', at: 1 });
    expect(session.status()).toMatchObject({ connection: 'local-only', pendingToRelay: 1 });
    await host.publishRoom(room.localId, relay.url);
    await session.whenAllConfirmed();

    const other = newHost();
    const joined = other.joinRoom(host.inviteLink(room.localId, 'read'));
    const otherSession = other.openRoom(joined.localId);
    await waitUntil(
      () => readTestEntries(otherSession.doc).length === 1,
      'the reader to see the entry',
    );
  });
});
