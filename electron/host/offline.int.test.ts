/**
 * Invariants 1, 2 and 4 with the relay going away: entries made offline survive the host's own
 * restart, reach everyone when the relay returns, and land in event-time order.
 */
import { describe, expect, it } from 'vitest';
import { declareIncident, logEntry } from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { operationContextFor } from './rooms/operation-context';
import { useHostHarness } from './testing/host-harness';
import {
  appendTestEntry,
  readTestEntries,
  waitUntil,
  INTEGRATION_TIMEOUT_MS,
} from './testing/test-fixtures';

const { newHost, newRelay } = useHostHarness();

const ALICE = { id: 'u-alice', name: 'Alice' };
const minutesAgo = (minutes: number): string =>
  new Date(Date.now() - minutes * 60_000).toISOString();

describe('offline', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('keeps accepting entries across its own restart; a second host later sees all in event-time order', async () => {
    const relay = await newRelay();
    const alice = newHost();
    const room = await alice.host.createRoom({ title: 'DB failover', relayUrl: relay.url });
    const invite = alice.host.inviteLink(room.localId);
    let session = alice.host.openRoom(room.localId);
    declareIncident(session.doc, operationContextFor(session, ALICE), {
      title: 'DB failover',
      severity: 'SEV2',
    });
    await session.whenAllConfirmed();
    await waitUntil(() => session.hasClockEstimate, 'a clock estimate while live');

    await relay.stop('SIGKILL');
    await waitUntil(() => session.status().connection === 'offline', 'the host to notice');
    const offlineSince = session.status().offlineSince;
    expect(offlineSince).not.toBeNull();
    // Logged out of event order on purpose: views sort by when it happened, not when typed.
    logEntry(session.doc, operationContextFor(session, ALICE), {
      text: 'replica lag 40s',
      at: minutesAgo(20),
    });
    logEntry(session.doc, operationContextFor(session, ALICE), {
      text: 'primary unreachable',
      at: minutesAgo(30),
    });
    expect(session.status().pendingToRelay).toBe(2);

    alice.host.close();
    const restarted = alice.reopen();
    session = restarted.openRoom(room.localId);
    expect(session.status().pendingToRelay).toBe(2);
    logEntry(session.doc, operationContextFor(session, ALICE), {
      text: 'failover started',
      at: minutesAgo(10),
    });
    logEntry(session.doc, operationContextFor(session, ALICE), {
      text: 'pager went off',
      at: minutesAgo(35),
    });
    await waitUntil(() => session.status().connection === 'offline', 'offline after restart');
    expect(session.status().pendingToRelay).toBe(4);
    // Offline since the relay was lost, not since the app restarted.
    expect(session.status().offlineSince).toBe(offlineSince);

    await relay.resume();
    restarted.networkChanged();
    await session.whenAllConfirmed();

    const bob = newHost().host;
    const bobSession = bob.openRoom(bob.joinRoom(invite).localId);
    await waitUntil(
      () => readRoom(bobSession.doc).timeline.length >= 5,
      'bob to see every entry',
      30_000,
    );
    const timeline = readRoom(bobSession.doc).timeline.filter((entry) => entry.kind === 'note');
    expect(timeline.map((entry) => entry.text)).toEqual([
      'pager went off',
      'primary unreachable',
      'replica lag 40s',
      'failover started',
    ]);
    for (const entry of timeline) {
      expect(entry.offline).toBe(true);
      expect(entry.clockOffsetMs).not.toBeNull();
    }
  });

  it('two hosts writing through a relay restart (SIGKILL) converge, and the count returns to zero', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const bob = newHost().host;
    const room = await alice.createRoom({ title: 'converge', relayUrl: relay.url });
    const a = alice.openRoom(room.localId);
    const b = bob.openRoom(bob.joinRoom(alice.inviteLink(room.localId)).localId);
    await Promise.all([a.whenLive(), b.whenLive()]);
    for (let i = 0; i < 5; i += 1) {
      appendTestEntry(a.doc, { id: `a${i}`, text: `alice ${i}`, at: 100 + i });
      appendTestEntry(b.doc, { id: `b${i}`, text: `bob ${i}`, at: 200 + i });
    }
    await relay.stop('SIGKILL');
    for (let i = 5; i < 10; i += 1) {
      appendTestEntry(a.doc, { id: `a${i}`, text: `alice ${i}`, at: 100 + i });
      appendTestEntry(b.doc, { id: `b${i}`, text: `bob ${i}`, at: 200 + i });
    }
    b.doc.getText('statusDraft').insert(0, 'We are investigating elevated errors.');
    await waitUntil(
      () => a.status().connection === 'offline' && b.status().connection === 'offline',
      'both offline',
    );
    expect(a.status().pendingToRelay).toBeGreaterThan(0);
    await relay.resume();
    await Promise.all([a.whenAllConfirmed(), b.whenAllConfirmed()]);
    await waitUntil(
      () => readTestEntries(a.doc).length === 20 && readTestEntries(b.doc).length === 20,
      'all 20',
    );
    const ids = (entries: { id: string }[]): string[] => entries.map((entry) => entry.id).sort();
    expect(ids(readTestEntries(a.doc))).toEqual(ids(readTestEntries(b.doc)));
    expect(a.doc.getText('statusDraft').toJSON()).toBe('We are investigating elevated errors.');
    expect(a.doc.getArray('timeline').toJSON()).toEqual(b.doc.getArray('timeline').toJSON());
  });
});
