import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { z } from 'zod';
import { FORMAT_VERSION } from '../doc/format';
import { readRoom } from '../read/read-room';
import type { RoomSnapshot } from '../read/types';
import { isoToMs } from '../util/time';
import { formatValidationError } from '../util/validation-message';

/**
 * The JSON archive: the room's complete Yjs state (so nothing is lost, edit history and all) plus
 * a readable snapshot for people and scripts that do not speak Yjs. Importing it gives a new room
 * whose state is identical to the exported one.
 */
export const ARCHIVE_KIND = 'incident-room-archive';
export const ARCHIVE_VERSION = 1;
/** Archives above this size are refused before JSON.parse (a room is far smaller). */
export const MAX_ARCHIVE_CHARS = 64 * 1024 * 1024;

export interface RoomArchive {
  readonly kind: typeof ARCHIVE_KIND;
  readonly archiveVersion: typeof ARCHIVE_VERSION;
  /** The document format version of the room (meta.formatVersion); null for an undeclared room. */
  readonly formatVersion: number | null;
  /** ISO-8601 UTC; also the clock the readable view was computed at. */
  readonly exportedAt: string;
  /** Yjs update (Y.encodeStateAsUpdate) of the whole document, base64. */
  readonly state: string;
  /** readRoom(doc, { now: exportedAt }) — informative; `state` is authoritative. */
  readonly view: RoomSnapshot;
}

export function exportRoomArchive(doc: Y.Doc, exportedAt: string): RoomArchive {
  const nowMs = isoToMs(exportedAt);
  if (nowMs === null) throw new Error(`exportRoomArchive: "${exportedAt}" is not an ISO-8601 time`);
  const view = readRoom(doc, { now: nowMs });
  return {
    kind: ARCHIVE_KIND,
    archiveVersion: ARCHIVE_VERSION,
    formatVersion: view.formatVersion,
    exportedAt,
    state: toBase64(Y.encodeStateAsUpdate(doc)),
    view,
  };
}

/** Serialized with a stable key order and indentation so archives diff well. */
export function serializeRoomArchive(archive: RoomArchive): string {
  return `${JSON.stringify(archive, null, 2)}\n`;
}

const archiveEnvelope = z.object({
  kind: z.literal(ARCHIVE_KIND, {
    error: `not an Incident Room archive (kind must be "${ARCHIVE_KIND}")`,
  }),
  archiveVersion: z.number(),
  formatVersion: z.number().int().nullable(),
  exportedAt: z.string().refine((value) => isoToMs(value) !== null, { error: 'is not a time' }),
  state: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'is not base64' }),
  view: z.record(z.string(), z.unknown()),
});

export class ArchiveImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveImportError';
  }
}

export interface ImportedRoom {
  /** A fresh document holding the archived room; give it a new room id and store it. */
  readonly doc: Y.Doc;
  /** The exact update to persist (equal content to `doc`). */
  readonly update: Uint8Array;
  readonly exportedAt: string;
  /** False when the readable view disagrees with the state (e.g. edited by hand); state wins. */
  readonly viewMatchesState: boolean;
}

/**
 * Reads an archive file's text back into a new document. Refuses, with a sentence saying why,
 * anything that is not a complete archive this version understands; never returns half a room.
 */
export function importRoomArchive(text: string): ImportedRoom {
  if (text.length > MAX_ARCHIVE_CHARS) {
    throw new ArchiveImportError(`archive is larger than ${MAX_ARCHIVE_CHARS / 1024 / 1024} MiB`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ArchiveImportError('archive is not valid JSON');
  }
  const envelope = archiveEnvelope.safeParse(json);
  if (!envelope.success) {
    throw new ArchiveImportError(`archive is not usable: ${formatValidationError(envelope.error)}`);
  }
  const archive = envelope.data;
  if (archive.archiveVersion !== ARCHIVE_VERSION) {
    throw new ArchiveImportError(
      `archive version ${archive.archiveVersion} is not supported (this build reads ${ARCHIVE_VERSION})`,
    );
  }
  if (archive.formatVersion !== null && archive.formatVersion > FORMAT_VERSION) {
    throw new ArchiveImportError(
      `the room uses document format ${archive.formatVersion}, newer than this build's ${FORMAT_VERSION}; update Incident Room`,
    );
  }

  let update: Uint8Array;
  const doc = new Y.Doc();
  try {
    update = fromBase64(archive.state);
    Y.applyUpdate(doc, update);
  } catch {
    doc.destroy();
    throw new ArchiveImportError('archive state is damaged: it is not a Yjs document update');
  }
  // An update whose parts reference missing ones is held back by Yjs rather than applied:
  // such an archive is incomplete, and importing it would silently lose content.
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy();
    throw new ArchiveImportError('archive state is incomplete: parts of the document are missing');
  }
  const nowMs = isoToMs(archive.exportedAt) ?? 0;
  const viewMatchesState =
    JSON.stringify(readRoom(doc, { now: nowMs })) === JSON.stringify(archive.view);
  return { doc, update, exportedAt: archive.exportedAt, viewMatchesState };
}
