/**
 * The room list as a window gets it over the channel, from a real Host on a temporary data folder
 * (real SQLite files): what `rooms.create` was given is what the room holds, and `updatedAt` is
 * the time of the last change made on this machine; `lastActivityAt` the last change from anyone
 * (the order of "Recent rooms"), `unread` whether it came since this person last had the room open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../shared/channel/host-events';
import { declareIncident, logEntry } from '../../../shared/ops';
import { readRoom } from '../../../shared/read';
import type { HostOptions } from '../host';
import { operationContextFor } from '../rooms/operation-context';
import { useHostHarness } from '../testing/host-harness';
import { type MessagePortRig, startMessagePortRig, until } from '../testing/message-port-rig';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'room-list-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A laptop clock the test moves by hand, so times are exact without waiting. */
function manualClock(start: string): { now: () => number; set: (iso: string) => void } {
  let now = Date.parse(start);
  return { now: () => now, set: (iso) => (now = Date.parse(iso)) };
}

interface Rig extends MessagePortRig {
  events: HostEvent[];
}

/** A host as the app runs it, one window connected over a MessagePort, its events recorded. */
function startHost(dataDir: string, options: Partial<HostOptions> = {}): Rig {
  const rig = startMessagePortRig(dataDir, {
    host: { watchNetworkMs: false, measureClock: false, ...options },
  });
  cleanups.push(rig.stop);
  const events: HostEvent[] = [];
  rig.window.onEvent((event) => events.push(event));
  return { ...rig, events };
}

const ada = { id: 'p-ada', name: 'Ada' };

describe('rooms.create', () => {
  it('keeps severity, incident type and service: the room is declared with them', async () => {
    const dataDir = tempDir();
    const rig = startHost(dataDir);
    const room = await rig.window.api['rooms.create']({
      title: 'Checkout errors',
      severity: 'SEV2',
      incidentType: 'deploy-regression',
      service: 'checkout-api',
    });
    expect(room).toMatchObject({
      title: 'Checkout errors',
      severity: 'SEV2',
      phase: 'investigating',
      service: 'checkout-api',
    });

    const open = await rig.window.openRoom(room.id);
    const view = readRoom(open.doc);
    expect(view).toMatchObject({
      declared: true,
      title: 'Checkout errors',
      severity: 'SEV2',
      incidentType: 'deploy-regression',
      service: 'checkout-api',
    });
    // Declared by the person whose window asked, who is the IC.
    expect(view.roles.ic?.name).toBe('Ada');
    rig.stop();

    // After a restart the list shows them without opening the room.
    const again = startHost(dataDir);
    expect(await again.window.api['rooms.list']({})).toEqual([
      expect.objectContaining({ id: room.id, severity: 'SEV2', service: 'checkout-api' }),
    ]);
  });

  it('leaves the service out when none is given', async () => {
    const rig = startHost(tempDir());
    const room = await rig.window.api['rooms.create']({ title: 'DB lock', severity: 'SEV3' });
    expect(room).toMatchObject({ severity: 'SEV3', service: null });
  });

  it('refuses bad input without creating a room', async () => {
    const rig = startHost(tempDir());
    await expect(
      rig.window.api['rooms.create']({ title: 'x', severity: 'SEV9' as 'SEV1' }),
    ).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(
      rig.window.api['rooms.create']({ title: 'x', severity: 'SEV1', service: 's'.repeat(201) }),
    ).rejects.toMatchObject({ code: 'invalid-params' });
    expect(await rig.window.api['rooms.list']({})).toEqual([]);
  });
});

describe('RoomSummary.updatedAt', () => {
  it('is the last change made on this machine, and stays put while nothing changes', async () => {
    const dataDir = tempDir();
    const clock = manualClock('2026-03-24T02:47:00Z');
    const rig = startHost(dataDir, { wallClock: clock.now });
    const room = await rig.window.api['rooms.create']({ title: 'Checkout', severity: 'SEV1' });
    expect(room.updatedAt).toBe('2026-03-24T02:47:00.000Z');

    // Opening, reading and listing the room change nothing.
    clock.set('2026-03-24T02:50:00Z');
    const open = await rig.window.openRoom(room.id);
    await rig.window.api['room.presence']({ roomId: room.id, role: 'ic', editing: 'timeline' });
    const listed = async () => (await rig.window.api['rooms.list']({}))[0]?.updatedAt;
    expect(await listed()).toBe('2026-03-24T02:47:00.000Z');

    // A change from the window moves it to the time the host stored it.
    clock.set('2026-03-24T02:55:00Z');
    logEntry(open.doc, { actor: ada, now: clock.now }, { text: 'Rolled back', kind: 'action' });
    await until(() => open.unsavedCount() === 0);
    expect(await listed()).toBe('2026-03-24T02:55:00.000Z');

    clock.set('2026-03-24T03:10:00Z');
    expect(await listed()).toBe('2026-03-24T02:55:00.000Z');
    rig.stop();

    // Kept across a restart, and a reopen without changes does not move it.
    const again = startHost(dataDir, { wallClock: clock.now });
    expect(await again.window.api['rooms.list']({})).toEqual([
      expect.objectContaining({ id: room.id, updatedAt: '2026-03-24T02:55:00.000Z' }),
    ]);
    await again.window.openRoom(room.id);
    expect((await again.window.api['rooms.list']({}))[0]?.updatedAt).toBe(
      '2026-03-24T02:55:00.000Z',
    );
  });

  it('orders the list, most recently changed first, and tells windows when it changed', async () => {
    const clock = manualClock('2026-03-24T02:00:00Z');
    const rig = startHost(tempDir(), { wallClock: clock.now, roomListWriteDelayMs: 20 });
    const first = await rig.window.api['rooms.create']({ title: 'First', severity: 'SEV2' });
    clock.set('2026-03-24T02:10:00Z');
    const second = await rig.window.api['rooms.create']({ title: 'Second', severity: 'SEV2' });
    const order = async () => (await rig.window.api['rooms.list']({})).map((room) => room.title);
    expect(await order()).toEqual(['Second', 'First']);

    clock.set('2026-03-24T02:20:00Z');
    rig.events.length = 0;
    const session = rig.host.openRoom(first.id);
    session.edit(() =>
      logEntry(session.doc, operationContextFor(session, ada), {
        text: 'Paged DBA',
        kind: 'action',
      }),
    );
    expect(await order()).toEqual(['First', 'Second']);
    await until(() => rig.events.some((event) => event.type === 'rooms-changed'));
    const listed = await rig.window.api['rooms.list']({});
    expect(listed.map((room) => [room.id, room.updatedAt])).toEqual([
      [first.id, '2026-03-24T02:20:00.000Z'],
      [second.id, '2026-03-24T02:10:00.000Z'],
    ]);
  });
});

describe('a change from another machine', () => {
  const { newHost, newRelay } = useHostHarness();

  it('arrives without moving this machine’s updatedAt', async () => {
    const relay = await newRelay();
    const clock = manualClock('2026-03-24T02:00:00Z');
    const alice = newHost({ wallClock: clock.now, measureClock: false });
    const bob = newHost({ measureClock: false });
    const created = await alice.host.createRoom({ title: 'Shared', relayUrl: relay.url });
    const aliceSession = alice.host.openRoom(created.localId);
    aliceSession.edit(() =>
      declareIncident(aliceSession.doc, operationContextFor(aliceSession, ada), {
        title: 'Shared',
        severity: 'SEV2',
      }),
    );
    const bobRoom = bob.host.joinRoom(alice.host.inviteLink(created.localId));
    const bobSession = bob.host.openRoom(bobRoom.localId);
    await Promise.all([aliceSession.whenLive(), bobSession.whenLive()]);
    // Live is connected, not caught up: Bob's copy may not have Alice's declaration yet.
    await until(() => readRoom(bobSession.doc).declared);

    clock.set('2026-03-24T02:30:00Z');
    bobSession.edit(() =>
      logEntry(bobSession.doc, operationContextFor(bobSession, { id: 'p-bob', name: 'Bob' }), {
        text: 'From Bob',
        kind: 'note',
      }),
    );
    await until(() =>
      readRoom(aliceSession.doc).timeline.some((entry) => entry.text === 'From Bob'),
    );
    expect(alice.host.roomListing(created.localId)?.updatedAt).toBe(
      Date.parse('2026-03-24T02:00:00Z'),
    );
  });
});

describe('last activity and unread, with another person through a relay', () => {
  const { newHost, newRelay } = useHostHarness();

  it('a change from another machine moves the last change and marks the room unread until opened', async () => {
    const relay = await newRelay();
    const clock = manualClock('2026-03-24T05:00:00Z');
    const alice = newHost({ measureClock: false });
    const created = await alice.host.createRoom({ title: 'Shared', relayUrl: relay.url });
    const aliceSession = alice.host.openRoom(created.localId);
    aliceSession.edit(() =>
      declareIncident(aliceSession.doc, operationContextFor(aliceSession, ada), {
        title: 'Shared',
        severity: 'SEV2',
      }),
    );

    // Bob's host, with a window, as the app runs it; his clock is the one his list shows.
    const bob = startHost(tempDir(), { wallClock: clock.now });
    const joined = await bob.window.api['rooms.join']({
      invite: alice.host.inviteLink(created.localId),
    });
    const opened = await bob.window.openRoom(joined.id);
    await until(() => readRoom(opened.doc).title === 'Shared');
    const listed = async () => {
      const room = (await bob.window.api['rooms.list']({})).find((r) => r.id === joined.id);
      if (!room) throw new Error('the room left the list');
      return room;
    };
    await until(() => bob.host.roomListing(joined.id)?.severity === 'SEV2');
    expect(await listed()).toMatchObject({ title: 'Shared', severity: 'SEV2', unread: false });

    // A change while Bob has the room open is seen as it arrives.
    clock.set('2026-03-24T05:02:00Z');
    aliceSession.edit(() =>
      logEntry(aliceSession.doc, operationContextFor(aliceSession, ada), {
        text: 'Seen live',
        kind: 'note',
      }),
    );
    await until(() => readRoom(opened.doc).timeline.some((entry) => entry.text === 'Seen live'));
    expect(await listed()).toMatchObject({
      lastActivityAt: '2026-03-24T05:02:00.000Z',
      unread: false,
    });

    // Bob goes back to the list; Alice changes the room at 05:06.
    await bob.window.api['room.close']({ roomId: joined.id });
    bob.events.length = 0;
    clock.set('2026-03-24T05:06:00Z');
    aliceSession.edit(() =>
      logEntry(aliceSession.doc, operationContextFor(aliceSession, ada), {
        text: 'Rolled back',
        kind: 'action',
      }),
    );
    await until(() => bob.events.some((event) => event.type === 'rooms-changed'));
    expect(await listed()).toMatchObject({
      lastActivityAt: '2026-03-24T05:06:00.000Z',
      unread: true,
      // Bob changed nothing: this machine's own change time stays at his join.
      updatedAt: '2026-03-24T05:00:00.000Z',
    });

    // Opening the room marks it read.
    clock.set('2026-03-24T05:10:00Z');
    await bob.window.api['room.open']({ roomId: joined.id });
    expect(await listed()).toMatchObject({
      lastActivityAt: '2026-03-24T05:06:00.000Z',
      unread: false,
    });
  });
});
