/**
 * Invariant 4: "N changes not on the relay yet" is derived from what the relay confirmed storing,
 * not from an open socket. Zero must mean the relay really has everything: the tests kill the
 * relay (SIGKILL) the instant the count reaches zero and check a fresh host gets it all.
 */
import { describe, expect, it } from 'vitest';
import type { RoomSession } from './rooms/room-session';
import { useHostHarness } from './testing/host-harness';
import type { RelayProcess } from './testing/spawn-relay-process';
import {
  appendTestEntry,
  readTestEntries,
  waitUntil,
  INTEGRATION_TIMEOUT_MS,
} from './testing/test-fixtures';

const { newHost, newRelay } = useHostHarness();

/** SIGKILLs the relay synchronously in the status event where pending first reads zero. */
function killRelayAtZero(session: RoomSession, relay: RelayProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pending never reached 0: ${JSON.stringify(session.status())}`)),
      30_000,
    );
    const unsubscribe = session.onStatus((status) => {
      if (status.pendingToRelay !== 0) return;
      unsubscribe();
      clearTimeout(timer);
      relay.stop('SIGKILL').then(resolve, reject);
    });
  });
}

describe('pending changes', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('reaches zero only once the relay has stored everything (kill at zero, nothing missing)', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const room = await alice.createRoom({ title: 'pending', relayUrl: relay.url });
    const invite = alice.inviteLink(room.localId);
    const session = alice.openRoom(room.localId);
    await session.whenLive();

    let written = 0;
    for (let round = 0; round < 2; round += 1) {
      const killed = killRelayAtZero(session, relay);
      for (let i = 0; i < 25; i += 1) {
        appendTestEntry(session.doc, { id: `e${written}`, text: `entry ${written}`, at: written });
        written += 1;
      }
      expect(session.status().pendingToRelay).toBeGreaterThan(0);
      await killed;
      await relay.resume();
      await session.whenLive();
    }

    // The deleted entry is a delete-only update: no state vector can confirm it.
    session.doc.getArray('timeline').delete(0, 1);
    expect(session.status().pendingToRelay).toBe(1);
    await killRelayAtZero(session, relay);
    await relay.resume();

    const bob = newHost().host;
    const bobSession = bob.openRoom(bob.joinRoom(invite).localId);
    await bobSession.whenLive();
    const ids = readTestEntries(bobSession.doc).map((entry) => entry.id);
    expect(ids).toHaveLength(written - 1);
    expect(ids).not.toContain('e0');
  });

  it('stays above zero for changes a read-only key cannot store, though the socket is live', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const room = await alice.createRoom({ title: 'read only', relayUrl: relay.url });
    const viewer = newHost().host;
    const viewerRoom = viewer.joinRoom(alice.inviteLink(room.localId, 'read'));
    let viewerSession = viewer.openRoom(viewerRoom.localId);
    await viewerSession.whenLive();
    appendTestEntry(viewerSession.doc, { id: 'v1', text: 'viewer typed this', at: 1 });
    viewerSession.close();
    // A fresh connection offers the entry in its initial sync; the relay drops it and confirms
    // its own state vector, which does not cover it.
    const reopenedAt = Date.now();
    viewerSession = viewer.openRoom(viewerRoom.localId);
    await waitUntil(
      () => Date.parse(viewerSession.status().lastConfirmedAt ?? '') >= reopenedAt,
      'a confirmation on the new connection',
    );
    expect(viewerSession.status()).toMatchObject({ connection: 'live', pendingToRelay: 1 });
    const aliceSession = alice.openRoom(room.localId);
    await aliceSession.whenLive();
    expect(readTestEntries(aliceSession.doc)).toEqual([]);
  });

  it('says refused, and stops retrying, when the relay rejects the key', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const room = await alice.createRoom({ title: 'keys', relayUrl: relay.url });
    const mallory = newHost().host;
    const wrong = alice
      .inviteLink(room.localId)
      .replace(/key=[^&]+/, 'key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const session = mallory.openRoom(mallory.joinRoom(wrong).localId);
    await waitUntil(() => session.status().connection === 'refused', 'a refusal');
    expect(session.status().refusal).toMatch(/key/i);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(session.status().connection).toBe('refused');
    // A fresh invite with the right key brings the open room back.
    expect(mallory.joinRoom(alice.inviteLink(room.localId)).localId).toBe(session.localId);
    await session.whenLive();
    expect(session.status().refusal).toBeNull();
  });
});
