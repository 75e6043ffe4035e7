/**
 * Document format 2 on this machine: the postmortem exports of a room migrated from format 1 are
 * byte for byte those of the room before (Markdown whole; the JSON archive's readable view, its
 * format number aside; its Yjs state is the document and differs by design), for the seed rooms,
 * a room with every kind of correction, and a 10,000-entry room; and a local-only room written in
 * format 1 is moved when a host opens it, and stays moved. Real exports through the built-in
 * templates, real Host and room files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roomRoots } from '../../../shared/doc/roots';
import { importRoomArchive } from '../../../shared/export/room-archive';
import {
  FORMAT_1_ROOM_NAMES,
  appendFormat1Entries,
  loadFormat1Room,
  type Format1RoomName,
} from '../../../shared/fixtures/format-1-rooms';
import { migrateToFormat2 } from '../../../shared/ops/migrate-format';
import { readRoom } from '../../../shared/read/read-room';
import type { TemplateCatalog } from '../../../shared/templates/template-catalog';
import { exportRoom } from '../export/export-room';
import { loadTemplates } from '../templates/load-templates';
import { useHostHarness } from '../testing/host-harness';
import { INTEGRATION_TIMEOUT_MS } from '../testing/test-fixtures';

const generatedAt = new Date('2026-03-24T06:00:00.000Z');
let catalog: TemplateCatalog;
beforeAll(async () => {
  catalog = (await loadTemplates()).catalog;
});

async function exports(doc: Y.Doc): Promise<{ markdown: string; view: string }> {
  const markdown = await exportRoom(doc, { format: 'md', catalog, generatedAt });
  const json = await exportRoom(doc, { format: 'json', catalog, generatedAt });
  const archive = JSON.parse(String(json.data)) as { view: Record<string, unknown> };
  return {
    markdown: String(markdown.data),
    view: JSON.stringify({ ...archive.view, formatVersion: 'either' }, null, 2),
  };
}

function tenThousandEntryRoom(): Y.Doc {
  const doc = loadFormat1Room('seed000');
  appendFormat1Entries(doc, 10_000, Date.parse('2024-12-11T14:33:00.000Z'));
  return doc;
}

const ROOMS: Array<[string, () => Y.Doc]> = [
  ...FORMAT_1_ROOM_NAMES.map((name: Format1RoomName): [string, () => Y.Doc] => [
    name,
    () => loadFormat1Room(name),
  ]),
  ['a 10,000-entry room', tenThousandEntryRoom],
];

describe('exports across the move to format 2', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it.each(ROOMS)('%s exports the same Markdown and JSON view', async (_name, build) => {
    const doc = build();
    expect(readRoom(doc).formatVersion).toBe(1);
    const before = await exports(doc);
    expect(migrateToFormat2(doc)).toBeGreaterThan(0);
    expect(readRoom(doc).formatVersion).toBe(2);
    const after = await exports(doc);
    expect(after.markdown).toBe(before.markdown);
    expect(after.view).toBe(before.view);
    // And the JSON archive still imports: its state is the migrated document.
    const json = await exportRoom(doc, { format: 'json', catalog, generatedAt });
    const imported = importRoomArchive(String(json.data));
    expect(imported.viewMatchesState).toBe(true);
    expect(readRoom(imported.doc).formatVersion).toBe(2);
  });

  it('leaves a long room smaller: the Y.Maps are gone but their ids', () => {
    const doc = tenThousandEntryRoom();
    const before = Y.encodeStateAsUpdate(doc).byteLength;
    migrateToFormat2(doc);
    // Measured: 4.4 MB before, 3.7 MB after (each record is its JSON; each map was 14 items).
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(before * 0.9);
  });
});

const { newHost } = useHostHarness();

describe('a local-only room written in format 1', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('is moved when a host opens it, and stays moved', async () => {
    const format1 = loadFormat1Room('corrections');
    const person = newHost();
    const room = await person.host.createRoom({ title: 'Written by the old app' });
    const session = person.host.openRoom(room.localId);
    session.edit(() => Y.applyUpdate(session.doc, Y.encodeStateAsUpdate(format1)));
    expect(readRoom(session.doc).formatVersion).toBe(1);
    person.host.close();

    const second = person.reopen();
    const reopened = second.openRoom(room.localId);
    expect(readRoom(reopened.doc).formatVersion).toBe(2);
    expect(roomRoots(reopened.doc).timeline.length).toBe(0);
    expect(readRoom(reopened.doc).timeline).toEqual(readRoom(format1).timeline);
    const records = roomRoots(reopened.doc).timelineEntries.size;
    second.close();

    const again = person.reopen().openRoom(room.localId);
    expect(readRoom(again.doc).formatVersion).toBe(2);
    expect(roomRoots(again.doc).timelineEntries.size).toBe(records);
    expect(readRoom(again.doc).timeline).toEqual(readRoom(format1).timeline);
  });
});
