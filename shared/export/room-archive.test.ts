import { toBase64 } from 'lib0/buffer';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FORMAT_VERSION } from '../doc/format';
import { buildSeed000Room } from '../fixtures/seed-000';
import { declaredTestRoom } from '../fixtures/test-room';
import { addExpert, logEntry } from '../ops/index';
import { readRoom } from '../read/read-room';
import {
  ArchiveImportError,
  exportRoomArchive,
  importRoomArchive,
  serializeRoomArchive,
  type RoomArchive,
} from './room-archive';

const exportedAt = '2024-12-12T10:00:00.000Z';
const at = Date.parse(exportedAt);

function archiveText(overrides: Partial<Record<keyof RoomArchive, unknown>> = {}): string {
  const { doc } = buildSeed000Room();
  return JSON.stringify({ ...exportRoomArchive(doc, exportedAt), ...overrides });
}

describe('room archive', () => {
  it('round-trips seed 000 into an identical new room', () => {
    const { doc } = buildSeed000Room();
    const text = serializeRoomArchive(exportRoomArchive(doc, exportedAt));
    const parsed = JSON.parse(text) as RoomArchive;
    expect(parsed.view.title).toBe('payments-api elevated checkout errors');
    expect(parsed.formatVersion).toBe(FORMAT_VERSION);

    const imported = importRoomArchive(text);
    expect(imported.viewMatchesState).toBe(true);
    expect(readRoom(imported.doc, { now: at })).toEqual(readRoom(doc, { now: at }));
    expect(Y.encodeStateVector(imported.doc)).toEqual(Y.encodeStateVector(doc));
    expect(Y.encodeStateAsUpdate(imported.doc)).toEqual(Y.encodeStateAsUpdate(doc));
    expect(imported.doc).not.toBe(doc);
  });

  it('round-trips the SMEs', () => {
    const room = declaredTestRoom();
    addExpert(room.doc, room.ic, { person: { id: 'u-dba', name: 'Dana' }, area: 'database' });
    const text = serializeRoomArchive(exportRoomArchive(room.doc, exportedAt));
    expect((JSON.parse(text) as RoomArchive).view.experts).toMatchObject([
      { id: 'u-dba', name: 'Dana', area: 'database' },
    ]);
    const imported = importRoomArchive(text);
    expect(imported.viewMatchesState).toBe(true);
    expect(readRoom(imported.doc, { now: at }).experts).toEqual(
      readRoom(room.doc, { now: at }).experts,
    );
    expect(readRoom(imported.doc, { now: at }).experts).toHaveLength(1);
  });

  it('keeps the archived room alive: the imported copy takes new operations', () => {
    const room = declaredTestRoom();
    const imported = importRoomArchive(
      serializeRoomArchive(exportRoomArchive(room.doc, exportedAt)),
    );
    logEntry(imported.doc, room.ic, { kind: 'note', text: 'Reopened from the archive' });
    expect(readRoom(imported.doc).timeline.map((entry) => entry.text)).toContain(
      'Reopened from the archive',
    );
    expect(readRoom(room.doc).timeline.map((entry) => entry.text)).not.toContain(
      'Reopened from the archive',
    );
  });

  it('reports a readable view that no longer matches the state, and trusts the state', () => {
    const text = archiveText({ view: { title: 'edited by hand' } });
    const imported = importRoomArchive(text);
    expect(imported.viewMatchesState).toBe(false);
    expect(readRoom(imported.doc).title).toBe('payments-api elevated checkout errors');
  });

  it.each([
    ['not JSON', '{"kind":', /not valid JSON/],
    ['another file', JSON.stringify({ hello: 'world' }), /kind: not an Incident Room archive/],
    ['a newer archive', archiveText({ archiveVersion: 2 }), /archive version 2 is not supported/],
    [
      'a newer document format',
      archiveText({ formatVersion: 99 }),
      /document format 99, newer than/,
    ],
    ['non-base64 state', archiveText({ state: '../../etc/passwd' }), /state: is not base64/],
    [
      'garbage state',
      archiveText({ state: toBase64(new Uint8Array([255, 255, 255, 255, 1, 2, 3])) }),
      /damaged/,
    ],
  ])('refuses %s with a clear error', (_name, text, message) => {
    expect(() => importRoomArchive(text)).toThrow(ArchiveImportError);
    expect(() => importRoomArchive(text)).toThrow(message);
  });

  it('refuses an incomplete state instead of importing half a room', () => {
    const room = declaredTestRoom();
    const before = Y.encodeStateVector(room.doc);
    logEntry(room.doc, room.ic, { kind: 'note', text: 'only the later half' });
    const tail = Y.encodeStateAsUpdate(room.doc, before);
    const text = JSON.stringify({
      ...exportRoomArchive(room.doc, exportedAt),
      state: toBase64(tail),
    });
    expect(() => importRoomArchive(text)).toThrow(/incomplete/);
  });
});
