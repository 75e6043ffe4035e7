/**
 * The renderer channel contract, proved on both transports with the very code the renderer runs
 * (shared/channel/host-connection.ts) against a real host on real SQLite files:
 *  - websocket: web mode's server on 127.0.0.1 (token + origin checks included);
 *  - MessagePort: the desktop transport, over a worker_threads MessageChannel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHostConnection } from '../../../shared/channel/host-connection';
import type { HostConnection } from '../../../shared/channel/host-connection';
import { decodeFromWire, encodeForWire } from '../../../shared/channel/wire-codec';
import type { HostEvent } from '../../../shared/channel/host-events';
import type { ChannelMessage } from '../../../shared/channel/messages';
import type { HostTransport } from '../../../shared/channel/transport';
import { logEntry } from '../../../shared/ops';
import { readRoom } from '../../../shared/read';
import { startWebServer } from '../../web/web-server';
import { startMessagePortRig } from '../testing/message-port-rig';
import { RelayProcess } from '../testing/spawn-relay-process';

interface Rig {
  connection: HostConnection;
  /** Stops the host as the app would (flushes, closes SQLite). */
  stop(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'channel-contract-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function websocketRig(dataDir: string): Promise<Rig> {
  const server = await startWebServer({
    port: 0,
    dataDir,
    rendererDir: tempDir(),
    relayUrl: null,
    name: 'Ada',
    version: 'test',
  });
  const url = new URL(server.url);
  const socket = new WebSocket(`ws://${url.host}/channel?token=${url.searchParams.get('token')}`, {
    headers: { origin: url.origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const messageListeners: Array<(message: ChannelMessage) => void> = [];
  const closeListeners: Array<(reason: string) => void> = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    const message = decodeFromWire(isBinary ? new Uint8Array(data) : data.toString('utf8'));
    for (const listener of messageListeners) listener(message);
  });
  socket.on('close', () => closeListeners.forEach((listener) => listener('closed')));
  const transport: HostTransport = {
    send: (message) => socket.send(encodeForWire(message)),
    onMessage: (listener) => messageListeners.push(listener),
    onClose: (listener) => closeListeners.push(listener),
    close: () => socket.close(),
  };
  return { connection: createHostConnection(transport), stop: () => server.close() };
}

function messagePortRig(dataDir: string, name = 'Ada'): Promise<Rig> {
  const rig = startMessagePortRig(dataDir, { name });
  return Promise.resolve({
    connection: rig.window,
    stop: () => {
      rig.stop();
      return Promise.resolve();
    },
  });
}

const transports = { websocket: websocketRig, MessagePort: messagePortRig } as const;

function until<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe.each(Object.entries(transports))('renderer channel over %s', (_name, startRig) => {
  it('creates a room, syncs a replica, and saves what the renderer wrote to SQLite', async () => {
    const dataDir = tempDir();
    const rig = await startRig(dataDir);
    const { api } = rig.connection;
    const events: HostEvent[] = [];
    rig.connection.onEvent((event) => events.push(event));

    expect((await api['profile.get']({})).name).toBe('Ada');
    const room = await api['rooms.create']({ title: 'Checkout errors', severity: 'SEV1' });
    expect(room).toMatchObject({ title: 'Checkout errors', access: 'local', relayUrl: null });
    expect(events.some((event) => event.type === 'rooms-changed')).toBe(true);

    const open = await rig.connection.openRoom(room.id);
    const ctx = {
      actor: { id: 'p-ada', name: 'Ada' },
      now: () => Date.parse('2024-12-11T14:40:00Z'),
    };
    // rooms.create declared the incident; the window logs into it.
    expect(readRoom(open.doc)).toMatchObject({ declared: true, severity: 'SEV1' });
    logEntry(open.doc, ctx, { text: 'Rollback started', kind: 'action' });
    expect(open.unsavedCount()).toBeGreaterThan(0);
    // "Saved" only once the host says it appended: the count drains through saved frames.
    await until(() => (open.unsavedCount() === 0 ? true : undefined));
    await rig.stop();

    // A fresh host on the same folder has it all: saved meant on disk.
    const again = await startRig(dataDir);
    const reopened = await again.connection.openRoom(room.id);
    const view = readRoom(reopened.doc);
    expect(view.title).toBe('Checkout errors');
    expect(view.timeline.map((entry) => entry.text)).toContain('Rollback started');
    const list = await again.connection.api['rooms.list']({});
    expect(list).toEqual([
      expect.objectContaining({ id: room.id, severity: 'SEV1', phase: 'investigating' }),
    ]);
    await again.stop();
  });

  it('answers bad requests with a clear error and changes nothing', async () => {
    const rig = await startRig(tempDir());
    const { api } = rig.connection;
    await expect(api['rooms.create']({ title: '', severity: 'SEV1' })).rejects.toMatchObject({
      code: 'invalid-params',
    });
    await expect(api['rooms.join']({ invite: 'not an invite' })).rejects.toThrow(/invite/i);
    await expect(rig.connection.openRoom('no-such-room')).rejects.toThrow();
    expect(await api['rooms.list']({})).toEqual([]);
    await rig.stop();
  });

  it('pushes room status to the window that has the room open', async () => {
    const rig = await startRig(tempDir());
    const statuses: HostEvent[] = [];
    rig.connection.onEvent((event) => {
      if (event.type === 'room-status') statuses.push(event);
    });
    const room = await rig.connection.api['rooms.create']({
      title: 'Local drill',
      severity: 'SEV3',
    });
    const status = await rig.connection.api['room.open']({ roomId: room.id });
    // One change waits for a relay: the declaration rooms.create made (sent when published).
    expect(status).toMatchObject({ roomId: room.id, connection: 'local-only', pendingToRelay: 1 });
    await rig.stop();
  });
});

describe('room export through the channel', () => {
  it('exports the open room as Markdown and as an archive', async () => {
    const rig = await messagePortRig(tempDir());
    const room = await rig.connection.api['rooms.create']({ title: 'DB lock', severity: 'SEV2' });
    const open = await rig.connection.openRoom(room.id);
    const ctx = {
      actor: { id: 'p-ada', name: 'Ada' },
      now: () => Date.parse('2024-12-11T14:40:00Z'),
    };
    logEntry(open.doc, ctx, {
      text: 'CREATE INDEX without CONCURRENTLY holds the lock',
      kind: 'observation',
    });
    await until(() => (open.unsavedCount() === 0 ? true : undefined));
    const markdown = await rig.connection.api['room.export']({ roomId: room.id, format: 'md' });
    expect(markdown).toMatchObject({
      fileName: 'postmortem-DB-lock.md',
      mimeType: 'text/markdown',
    });
    expect(markdown.text).toContain('CREATE INDEX without CONCURRENTLY holds the lock');
    const archive = await rig.connection.api['room.export']({ roomId: room.id, format: 'json' });
    expect(JSON.parse(archive.text)).toMatchObject({ kind: 'incident-room-archive' });
    await expect(
      rig.connection.api['room.export']({ roomId: room.id, format: 'docx' as 'md' }),
    ).rejects.toMatchObject({
      code: 'invalid-params',
    });
    await rig.stop();
  });

  it('exports the postmortem as a PDF file, the CLI’s print of it, as base64', async () => {
    const rig = await messagePortRig(tempDir());
    const room = await rig.connection.api['rooms.create']({
      title: 'Replica lag on orders-db',
      severity: 'SEV2',
    });
    await rig.connection.openRoom(room.id);
    const pdf = await rig.connection.api['room.export']({ roomId: room.id, format: 'pdf' });
    expect(pdf).toMatchObject({
      fileName: 'postmortem-Replica-lag-on-orders-db.pdf',
      mimeType: 'application/pdf',
      encoding: 'base64',
    });
    const dir = tempDir();
    const path = join(dir, pdf.fileName);
    writeFileSync(path, Buffer.from(pdf.text, 'base64'));
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Replica lag on orders-db');
    await rig.stop();
  }, 60_000);
});

describe('awareness through the channel', () => {
  it('shows a window the other people in the room and their carets, never itself', async () => {
    const relay = await RelayProcess.start({ dataDir: tempDir() });
    cleanups.push(() => relay.stop());
    const ada = await messagePortRig(tempDir(), 'Ada');
    const ben = await messagePortRig(tempDir(), 'Ben');
    const room = await ada.connection.api['rooms.create']({
      title: 'Carets',
      severity: 'SEV3',
      relayUrl: relay.url,
    });
    const { link } = await ada.connection.api['rooms.invite']({ roomId: room.id, access: 'write' });
    const joined = await ben.connection.api['rooms.join']({ invite: link });
    const adaWindow = await ada.connection.openRoom(room.id);
    const benWindow = await ben.connection.openRoom(joined.id);

    const userOf = (state: unknown) => (state as { user?: { name?: string } }).user?.name;
    const othersSeenBy = (window: typeof adaWindow) =>
      [...window.awareness.getStates().entries()]
        .filter(([client]) => client !== window.doc.clientID)
        .map(([, state]) => state);
    // Each window sees exactly the other person, by name, and not its own host.
    await until(() =>
      othersSeenBy(adaWindow).some((s) => userOf(s) === 'Ben') ? true : undefined,
    );
    expect(othersSeenBy(adaWindow).map(userOf)).toEqual(['Ben']);
    await until(() =>
      othersSeenBy(benWindow).some((s) => userOf(s) === 'Ada') ? true : undefined,
    );

    // Ben's caret (what y-codemirror sets on the window's awareness) reaches Ada's window.
    const caret = { anchor: { tname: 'statusDraft', item: null, assoc: 0 }, head: null };
    benWindow.awareness.setLocalStateField('cursor', caret);
    await until(() =>
      othersSeenBy(adaWindow).some(
        (s) => JSON.stringify((s as { cursor?: unknown }).cursor) === JSON.stringify(caret),
      )
        ? true
        : undefined,
    );
    await ada.stop();
    await ben.stop();
  });

  it('tells a window opening a room who is already there when its host heard of them first', async () => {
    const relay = await RelayProcess.start({ dataDir: tempDir() });
    cleanups.push(() => relay.stop());
    const ada = startMessagePortRig(tempDir(), { name: 'Ada' });
    const ben = startMessagePortRig(tempDir(), { name: 'Ben' });
    cleanups.push(() => {
      ada.stop();
      ben.stop();
      return Promise.resolve();
    });
    const room = await ada.window.api['rooms.create']({
      title: 'Who is here',
      severity: 'SEV3',
      relayUrl: relay.url,
    });
    await ada.window.openRoom(room.id);
    const { link } = await ada.window.api['rooms.invite']({ roomId: room.id, access: 'write' });
    const joined = await ben.window.api['rooms.join']({ invite: link });
    // Ben's host syncs with the relay and learns Ada is there before Ben's window opens the room.
    const benSession = ben.host.openRoom(joined.id);
    await until(() => (benSession.peers().some((peer) => peer.name === 'Ada') ? true : undefined));
    const events: HostEvent[] = [];
    ben.window.onEvent((event) => events.push(event));
    await ben.window.openRoom(joined.id);
    const seen = await until(() => {
      const presence = events.find(
        (event): event is Extract<HostEvent, { type: 'presence' }> =>
          event.type === 'presence' && event.roomId === joined.id,
      );
      return presence ? presence.peers.map((peer) => peer.name) : undefined;
    });
    expect(seen).toContain('Ada');
  });
});
