/**
 * The team room list through a window's channel, from real hosts (real SQLite files) to a real
 * relay process started with a team key: the list, joining without an invite and syncing, and the
 * sentences a wrong key and an unreachable relay give, with the local list still working.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../shared/channel/host-events';
import { readRoom } from '../../../shared/read';
import { logEntry } from '../../../shared/ops';
import { operationContextFor } from '../rooms/operation-context';
import { freePort } from '../testing/free-port';
import { RelayProcess } from '../testing/spawn-relay-process';
import { type MessagePortRig, startMessagePortRig, until } from '../testing/message-port-rig';
import { tempDir } from '../testing/test-fixtures';

const TEAM_KEY = 'team-key-for-tests-0123456789';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig extends MessagePortRig {
  events: HostEvent[];
}

function startHost(name: string): Rig {
  const dir = tempDir('ir-team-');
  cleanups.push(() => dir.remove());
  const rig = startMessagePortRig(dir.path, {
    name,
    host: { watchNetworkMs: false, measureClock: false },
  });
  cleanups.push(rig.stop);
  const events: HostEvent[] = [];
  rig.window.onEvent((event) => events.push(event));
  return { ...rig, events };
}

async function teamRelay(): Promise<RelayProcess> {
  const relay = await RelayProcess.start({ env: { RELAY_TEAM_KEY: TEAM_KEY } });
  cleanups.push(() => relay.dispose());
  return relay;
}

/** Asks `read` until `check` holds on its answer (no request left running when it resolves). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('team rooms through a real relay', () => {
  it('lists the relay rooms for the team key and joins one without an invite, in sync', async () => {
    const relay = await teamRelay();
    const alice = startHost('Alice');
    const created = await alice.window.api['rooms.create']({
      title: 'Checkout errors',
      severity: 'SEV1',
      relayUrl: relay.url,
    });

    const bob = startHost('Bob');
    const settings = await bob.window.api['team.set']({ relayUrl: relay.url, key: TEAM_KEY });
    expect(settings.relayUrl).toBe(relay.url);
    expect(JSON.stringify(settings)).not.toContain(TEAM_KEY);

    // The relay's list follows a room's meta shortly after it is stored.
    const listed = await eventually(
      () => bob.window.api['team.rooms']({ refresh: true }),
      (view) => view.rooms.some((room) => room.title === 'Checkout errors'),
    );
    expect(listed.error).toBeNull();
    const room = listed.rooms.find((r) => r.title === 'Checkout errors');
    expect(room).toMatchObject({
      severity: 'SEV1',
      state: 'open',
      source: 'app',
      joinedRoomId: null,
    });
    expect(JSON.stringify(listed)).not.toContain(TEAM_KEY);

    const joined = await bob.window.api['team.join']({ roomId: room!.id });
    expect(joined).toMatchObject({ access: 'write', relayUrl: relay.url });
    const replica = await bob.window.openRoom(joined.id);
    await until(() => readRoom(replica.doc).title === 'Checkout errors', 10_000);
    expect((await bob.window.api['rooms.list']({})).map((r) => r.id)).toContain(joined.id);
    const after = await bob.window.api['team.rooms']({});
    expect(after.rooms.find((r) => r.id === room!.id)?.joinedRoomId).toBe(joined.id);
    // Joining again opens the same room: one room, not two.
    expect((await bob.window.api['team.join']({ roomId: room!.id })).id).toBe(joined.id);

    // Bob writes with the team key; Alice, who declared the room, reads it.
    const bobSession = bob.host.openRoom(joined.id);
    bobSession.edit(() =>
      logEntry(bobSession.doc, operationContextFor(bobSession, { id: 'p-bob', name: 'Bob' }), {
        kind: 'note',
        text: 'Joined from the team list',
      }),
    );
    const aliceSession = alice.host.openRoom(created.id);
    await until(
      () => readRoom(aliceSession.doc).timeline.some((e) => e.text === 'Joined from the team list'),
      10_000,
    );

    // The team key is not Bob's to hand out as an invite.
    await expect(
      bob.window.api['rooms.invite']({ roomId: joined.id, access: 'write' }),
    ).rejects.toMatchObject({ code: 'team-room' });

    // A room declared now reaches Bob's window without asking: the host polls while it is open.
    bob.events.length = 0;
    await alice.window.api['rooms.create']({
      title: 'Disk full on db-3',
      severity: 'SEV2',
      relayUrl: relay.url,
    });
    await until(() => bob.events.some((event) => event.type === 'team-rooms-changed'), 10_000);
    await eventually(
      () => bob.window.api['team.rooms']({}),
      (view) => view.rooms.some((r) => r.title === 'Disk full on db-3'),
    );
  });

  it('says in one sentence that the key was refused; the rooms here keep working', async () => {
    const relay = await teamRelay();
    const bob = startHost('Bob');
    const local = await bob.window.api['rooms.create']({ title: 'Local notes', severity: 'SEV4' });
    await bob.window.api['team.set']({ relayUrl: relay.url, key: 'not-the-team-key-0123456789' });
    const view = await bob.window.api['team.rooms']({ refresh: true });
    expect(view.error).toBe(
      `The relay at ${relay.url} refused the team key: check it in Settings.`,
    );
    expect(view.rooms).toEqual([]);
    await expect(bob.window.api['team.join']({ roomId: 'any-room-id' })).rejects.toMatchObject({
      message: view.error,
    });
    expect((await bob.window.api['rooms.list']({})).map((r) => r.id)).toEqual([local.id]);
    expect(relay.output()).not.toContain('not-the-team-key-0123456789');
  });

  it('says in one sentence that the relay is unreachable', async () => {
    const bob = startHost('Bob');
    const url = `http://127.0.0.1:${await freePort()}`;
    await bob.window.api['team.set']({ relayUrl: url, key: TEAM_KEY });
    const view = await bob.window.api['team.rooms']({ refresh: true });
    expect(view.error).toBe(
      `Could not reach the team relay at ${url}: your own rooms still work here.`,
    );
  });
});
