/**
 * The desktop host over MessagePorts, as the shell uses it: one channel per window, windows
 * found by the room they show, a reload replacing a window's channel, deep-link joins, and a
 * clean close that leaves everything on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { createHostConnection, type HostConnection } from '../../../shared/channel/host-connection';
import { messagePortTransport } from '../../../shared/channel/message-port-transport';
import { logEntry } from '../../../shared/ops';
import { readRoom } from '../../../shared/read';
import { nodePort, until } from '../../host/testing/message-port-rig';
import { DesktopHost } from './desktop-host';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desktop-host-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openWindow(host: DesktopHost, windowId: number): HostConnection {
  const { port1, port2 } = new MessageChannel();
  host.connectWindow(windowId, nodePort(port1));
  return createHostConnection(messagePortTransport(nodePort(port2)));
}

const ctx = { actor: { id: 'p-ada', name: 'Ada' }, now: () => Date.parse('2026-03-24T02:47:00Z') };

describe('DesktopHost', () => {
  it('serves windows, knows which window shows which room, and saves on close', async () => {
    const dir = dataDir();
    const host = new DesktopHost({ dataDir: dir, version: 'test' });
    const list = openWindow(host, 1);
    const roomWindow = openWindow(host, 2);
    // The first window asks the person's name before anything else (a fresh profile has none).
    await list.api['profile.set']({ name: 'Ada' });
    const room = await list.api['rooms.create']({ title: 'Checkout errors', severity: 'SEV1' });
    const open = await roomWindow.openRoom(room.id);
    logEntry(open.doc, ctx, { text: 'Rolled back deploy 412', kind: 'action' });
    await until(() => open.unsavedCount() === 0);

    expect(host.windowShowing(room.id)).toBe(2);
    expect(host.roomShownIn(2)).toBe(room.id);
    expect(host.roomShownIn(1)).toBeNull();
    expect(host.roomShownIn(99)).toBeNull();

    const lost: string[] = [];
    roomWindow.onLost((reason) => lost.push(reason));
    host.close();
    host.close();
    await until(() => lost.length > 0);
    expect(lost[0]).toMatch(/shutting down/);

    const again = new DesktopHost({ dataDir: dir, version: 'test' });
    const entries = readRoom(again.host.openRoom(room.id).doc).timeline.map((entry) => entry.text);
    expect(entries).toContain('Rolled back deploy 412');
    again.close();
  });

  it('replaces the channel of a window that reloads', async () => {
    const host = new DesktopHost({ dataDir: dataDir(), version: 'test' });
    const first = openWindow(host, 5);
    const lost: string[] = [];
    first.onLost((reason) => lost.push(reason));
    await first.api['profile.set']({ name: 'Ada' });
    const room = await first.api['rooms.create']({ title: 'Reloaded', severity: 'SEV3' });
    await first.openRoom(room.id);
    expect(host.windowShowing(room.id)).toBe(5);

    const second = openWindow(host, 5);
    // The old channel is dropped at once: its rooms are no longer shown by anyone.
    expect(host.windowShowing(room.id)).toBeNull();
    await until(() => lost.length > 0);
    expect(lost[0]).toMatch(/shutting down/);
    const reopened = await second.openRoom(room.id);
    expect(host.windowShowing(room.id)).toBe(5);
    expect(host.roomShownIn(5)).toBe(room.id);

    // A change made through the new channel is saved; the old one hears nothing more.
    const heardByOld: unknown[] = [];
    first.onEvent((event) => heardByOld.push(event));
    logEntry(reopened.doc, ctx, { text: 'After the reload', kind: 'note' });
    await until(() => reopened.unsavedCount() === 0);
    expect(heardByOld).toEqual([]);

    host.disconnectWindow(5);
    expect(host.windowShowing(room.id)).toBeNull();
    host.close();
  });

  it('refuses a bad deep link without changing anything', async () => {
    const host = new DesktopHost({ dataDir: dataDir(), version: 'test' });
    await expect(host.joinFromLink('incident-room://join?room=x')).rejects.toThrow(/relay/);
    expect(host.host.listRooms()).toEqual([]);
    host.close();
  });

  it('joins a room from a link once, however often the link is opened', async () => {
    const host = new DesktopHost({ dataDir: dataDir(), version: 'test' });
    const link =
      'incident-room://join?relay=http%3A%2F%2F127.0.0.1%3A9&room=r-join&key=abcdefgh1234';
    const first = await host.joinFromLink(link);
    const second = await host.joinFromLink(link);
    expect(second.id).toBe(first.id);
    expect(host.host.listRooms()).toHaveLength(1);
    host.close();
  });
});
