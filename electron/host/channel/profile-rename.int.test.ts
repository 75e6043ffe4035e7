/**
 * Naming and renaming through the host channel, on a real host with real SQLite files: the first
 * name is not a rename (nothing logged); a rename is logged in every room open on the host, by the
 * same profile id, and presence carries the new name. Changing only the usual role is no rename.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostConnection, type HostConnection } from '../../../shared/channel/host-connection';
import { messagePortTransport } from '../../../shared/channel/message-port-transport';
import type { Role } from '../../../shared/doc/enums';
import { readRoom } from '../../../shared/read';
import { Host } from '../host';
import { nodePort, until } from '../testing/message-port-rig';
import { tempDir } from '../testing/test-fixtures';
import { HostService } from './host-service';
import { ProfileStore } from './profile-store';
import { serveMessagePort } from './serve-message-port';

const cleanups: Array<() => void> = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((cleanup) => cleanup()),
);

/** A desktop-style host (no name given) with windows connected over MessagePorts. */
function startHost(): { host: Host; window: HostConnection; openWindow: () => HostConnection } {
  const folder = tempDir('ir-rename-');
  const host = Host.open({ dataDir: folder.path });
  const service = new HostService(host, new ProfileStore(folder.path), {
    version: 'test',
    defaultRelayUrl: null,
  });
  const served: Array<{ close: () => void }> = [];
  const openWindow = () => {
    const { port1, port2 } = new MessageChannel();
    served.push(serveMessagePort(service, nodePort(port1), served.length + 1));
    return createHostConnection(messagePortTransport(nodePort(port2)));
  };
  const window = openWindow();
  cleanups.push(() => {
    served.forEach((connection) => connection.close());
    service.close();
    folder.remove();
  });
  return { host, window, openWindow };
}

function notesIn(host: Host, roomId: string) {
  return readRoom(host.openRoom(roomId).doc).timeline.filter((entry) => entry.kind === 'note');
}

describe('profile names over the host channel', () => {
  it('starts unnamed, takes a first name without logging it, then logs a rename in every open room', async () => {
    const { host, window } = startHost();
    const unnamed = await window.api['profile.get']({});
    expect(unnamed.name).toBe('');

    const first = await window.api['profile.set']({ name: 'Avery' });
    expect(first).toMatchObject({ id: unnamed.id, name: 'Avery' });
    const checkout = await window.api['rooms.create']({ title: 'Checkout 500s', severity: 'SEV2' });
    const search = await window.api['rooms.create']({ title: 'Search slow', severity: 'SEV3' });
    // The declaration carries the given name; naming oneself logged nothing.
    const declared = readRoom(host.openRoom(checkout.id).doc);
    expect(declared.timeline[0]?.author).toEqual({ id: unnamed.id, name: 'Avery' });
    expect(notesIn(host, checkout.id)).toEqual([]);

    const renamed = await window.api['profile.set']({ name: 'Avery Chen' });
    expect(renamed).toMatchObject({ id: unnamed.id, name: 'Avery Chen' });
    for (const room of [checkout, search]) {
      const notes = notesIn(host, room.id);
      expect(notes.map((entry) => entry.text)).toEqual(['Avery is now known as Avery Chen']);
      expect(notes[0]?.author).toEqual({ id: unnamed.id, name: 'Avery Chen' });
      expect(notes[0]?.offline).toBe(false);
      const self = host
        .openRoom(room.id)
        .peers()
        .find((peer) => peer.self);
      expect(self).toMatchObject({ userId: unnamed.id, name: 'Avery Chen' });
    }

    // Saving the same name again is no rename.
    await window.api['profile.set']({ name: 'Avery Chen' });
    expect(notesIn(host, checkout.id)).toHaveLength(1);
  });

  it('tells every window of the host the new name, so none goes on writing under the old one', async () => {
    const { window, openWindow } = startHost();
    const other = openWindow();
    const heard: string[] = [];
    other.onEvent((event) => {
      if (event.type === 'profile-changed') heard.push(event.profile.name);
    });
    // The first name too: a second tab still on the name prompt moves on with the first.
    await window.api['profile.set']({ name: 'Avery' });
    await window.api['profile.set']({ name: 'Avery Chen' });
    await until(() => heard.length === 2);
    expect(heard).toEqual(['Avery', 'Avery Chen']);
    expect((await other.api['profile.get']({})).name).toBe('Avery Chen');
  });

  it('saves a usual role without logging a rename, and refuses one the room does not have', async () => {
    const { host, window, openWindow } = startHost();
    const other = openWindow();
    const heard: Array<Role | null> = [];
    other.onEvent((event) => {
      if (event.type === 'profile-changed') heard.push(event.profile.usualRole);
    });
    await window.api['profile.set']({ name: 'Avery', usualRole: 'comms' });
    const room = await window.api['rooms.create']({ title: 'Checkout 500s', severity: 'SEV2' });

    const changed = await window.api['profile.set']({ name: 'Avery', usualRole: 'scribe' });
    expect(changed).toMatchObject({ name: 'Avery', usualRole: 'scribe' });
    expect(notesIn(host, room.id)).toEqual([]);
    await until(() => heard.length === 2);
    expect(heard).toEqual(['comms', 'scribe']);

    await expect(
      window.api['profile.set']({ name: 'Avery B', usualRole: 'boss' as Role }),
    ).rejects.toMatchObject({
      code: 'invalid-params',
      message: 'usualRole: expected one of "ic", "ops", "comms", "scribe"',
    });
    expect(await window.api['profile.get']({})).toMatchObject({
      name: 'Avery',
      usualRole: 'scribe',
    });
    expect(notesIn(host, room.id)).toEqual([]);
  });
});
