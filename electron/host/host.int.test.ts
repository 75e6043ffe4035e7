import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayProcess } from './testing/spawn-relay-process';
import { InvalidInviteError } from './rooms/room-errors';
import { RelayRequestError } from './sync/relay-http';
import { useHostHarness } from './testing/host-harness';
import {
  appendTestEntry,
  readTestEntries,
  waitUntil,
  INTEGRATION_TIMEOUT_MS,
} from './testing/test-fixtures';

const { newHost } = useHostHarness();

// These tests never restart the relay, so they share one (each uses its own rooms).
let sharedRelay: RelayProcess;
beforeAll(async () => {
  sharedRelay = await RelayProcess.start();
}, INTEGRATION_TIMEOUT_MS);
afterAll(() => sharedRelay.dispose());
const newRelay = (): Promise<RelayProcess> => Promise.resolve(sharedRelay);

describe('Host with a relay', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('creates a room on a relay, another host joins by invite, both converge and confirm', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const bob = newHost().host;
    const room = await alice.createRoom({ title: 'Checkout 500s', relayUrl: relay.url });
    expect(room.relay?.url).toBe(relay.url);
    expect(alice.listRooms().map((listed) => listed.title)).toEqual(['Checkout 500s']);
    const aliceSession = alice.openRoom(room.localId);
    appendTestEntry(aliceSession.doc, { id: 'a1', text: 'alerts firing', at: 1000 });
    expect(aliceSession.status().pendingToRelay).toBe(1);
    await aliceSession.whenAllConfirmed();

    const joined = bob.joinRoom(`paste: ${alice.inviteLink(room.localId)}`);
    expect(bob.joinRoom(alice.inviteLink(room.localId)).localId).toBe(joined.localId);
    const bobSession = bob.openRoom(joined.localId);
    await bobSession.whenLive();
    await waitUntil(() => readTestEntries(bobSession.doc).length === 1, 'bob to see the entry');
    appendTestEntry(bobSession.doc, { id: 'b1', text: 'rolled back', at: 2000 });
    await waitUntil(() => readTestEntries(aliceSession.doc).length === 2, 'alice to see bob');
    await bobSession.whenAllConfirmed();
    expect(bobSession.status().connection).toBe('live');
    await waitUntil(() => bobSession.hasClockEstimate, 'a clock estimate');
    expect(Math.abs(bobSession.clockOffsetMs)).toBeLessThan(1000);
  });

  it('is local-only without a relay and publishes later', async () => {
    const relay = await newRelay();
    const { host } = newHost();
    const room = await host.createRoom({ title: 'Local drill' });
    const session = host.openRoom(room.localId);
    appendTestEntry(session.doc, { id: 'l1', text: 'offline thought', at: 1 });
    expect(session.status()).toMatchObject({ connection: 'local-only', pendingToRelay: 1 });
    expect(() => host.inviteLink(room.localId)).toThrow(/local-only/);
    await host.publishRoom(room.localId, relay.url);
    await session.whenAllConfirmed();

    const other = newHost().host;
    const joined = other.joinRoom(host.inviteLink(room.localId, 'read'));
    const otherSession = other.openRoom(joined.localId);
    await waitUntil(
      () => readTestEntries(otherSession.doc).length === 1,
      'the reader to see the entry',
    );
  });

  it('shares presence: name, role, colour and what each person edits', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const bob = newHost().host;
    const room = await alice.createRoom({ title: 'presence', relayUrl: relay.url });
    const aliceSession = alice.openRoom(room.localId);
    const bobSession = bob.openRoom(bob.joinRoom(alice.inviteLink(room.localId)).localId);
    aliceSession.setPresence({
      userId: 'alice-id',
      name: 'Alice',
      role: 'ic',
      colour: '#e11d48',
      editing: 'status-draft',
    });
    bobSession.setPresence({
      userId: 'bob-id',
      name: 'Bob',
      role: 'scribe',
      colour: '#2563eb',
      editing: null,
    });
    await waitUntil(
      () => aliceSession.peers().length === 2 && bobSession.peers().length === 2,
      'both peers',
    );
    const seenByBob = bobSession.peers().find((peer) => !peer.self);
    expect(seenByBob).toMatchObject({
      userId: 'alice-id',
      name: 'Alice',
      role: 'ic',
      colour: '#e11d48',
      editing: 'status-draft',
    });
  });

  it('refuses bad invites and unreachable relays with clear errors, changing nothing', async () => {
    const { host } = newHost();
    expect(() => host.joinRoom('https://example.com/not-an-invite')).toThrow(InvalidInviteError);
    expect(() =>
      host.joinRoom('incident-room://join?relay=file:///x&room=r1&key=abcdefghij'),
    ).toThrow(/relay address/);
    await expect(
      host.createRoom({ title: 'nowhere', relayUrl: 'http://127.0.0.1:1' }),
    ).rejects.toThrow(RelayRequestError);
    expect(host.listRooms()).toEqual([]);
  });

  it('leaves a room without deleting its file, and lists the rest', async () => {
    const { host, dataDir } = newHost();
    const keep = await host.createRoom({ title: 'keep' });
    const leave = await host.createRoom({ title: 'leave' });
    appendTestEntry(host.openRoom(leave.localId).doc, { id: 'x', text: 'words', at: 1 });
    host.leaveRoom(leave.localId);
    expect(host.listRooms().map((room) => room.localId)).toEqual([keep.localId]);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(`${dataDir}/left`).some((name) => name.startsWith(leave.localId))).toBe(
      true,
    );
    expect(() => host.openRoom(leave.localId)).toThrow(/no room/);
  });
});
