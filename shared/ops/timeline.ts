import { z } from 'zod';
import type * as Y from 'yjs';
import { LIMITS } from '../doc/limits';
import type { RoomRoots } from '../doc/roots';
import type { EntryRevision } from '../doc/types';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { requireDeclared } from './room-guard';
import type { EntryState } from '../read/timeline-entry';
import { readEntryState } from '../read/timeline-history';
import { appendEntryChange, appendTimelineEntry } from './timeline-writer';
import {
  actorPerson,
  authorSchema,
  checkNotFuture,
  entryKindSchema,
  idSchema,
  instantSchema,
  parseInput,
  requiredText,
} from './validate';

const logEntrySchema = z.object({
  text: requiredText(LIMITS.entryTextChars),
  /** Defaults to `note`. */
  kind: entryKindSchema.optional(),
  /** When it happened (ISO-8601 with zone, or epoch ms); defaults to now. */
  at: instantSchema.optional(),
  /** Who said or did it, when not the person recording it: a person or just a name. */
  author: authorSchema.optional(),
});

export type LogEntryInput = z.input<typeof logEntrySchema>;

/**
 * Records something on the timeline. This is the call the CLI and scripts use:
 * `logEntry(doc, ctx, { text, kind?, at?, author? })`.
 */
export function logEntry(doc: Y.Doc, ctx: OperationContext, input: LogEntryInput): { id: string } {
  return commit(doc, ctx, prepareLogEntry(doc, ctx, input));
}

/**
 * Everything `logEntry` checks, against the room as it is now, without writing; returns the
 * write, to run inside a transaction. The relay's events API checks every event of a request
 * this way before writing any of them (all or nothing, with no copy of the room). The write
 * cannot be refused: it only appends a new entry built from the checked input, and nothing it
 * depends on (a declared room) is changed by appending entries.
 */
export function prepareLogEntry(
  doc: Y.Doc,
  ctx: OperationContext,
  input: LogEntryInput,
): () => { id: string } {
  checkContext(ctx);
  const parsed = parseInput(logEntrySchema, input);
  const room = requireDeclared(doc);
  const at = parsed.at ?? toIso(ctx.now());
  checkNotFuture(at, ctx);
  return () => ({
    id: appendTimelineEntry(room.roots, ctx, {
      kind: parsed.kind ?? 'note',
      text: parsed.text,
      at,
      ...(parsed.author ? { author: parsed.author } : {}),
    }),
  });
}

const editEntrySchema = z
  .object({
    id: idSchema,
    text: requiredText(LIMITS.entryTextChars).optional(),
    kind: entryKindSchema.optional(),
    at: instantSchema.optional(),
  })
  .refine((edit) => edit.text !== undefined || edit.kind !== undefined || edit.at !== undefined, {
    error: 'nothing to change: give text, kind or at',
  });

export type EditEntryInput = z.input<typeof editEntrySchema>;

/**
 * Corrects an entry. Each changed field is its own change record, so two people fixing different
 * fields both win; every change is also a revision of the entry, so when two people rewrite the
 * same field at once the losing words are still there to read.
 */
export function editEntry(
  doc: Y.Doc,
  ctx: OperationContext,
  input: EditEntryInput,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(editEntrySchema, input);
  const room = requireDeclared(doc);
  const entry = requireEditableEntry(room.roots, parsed.id, 'edit');
  if (parsed.at !== undefined) checkNotFuture(parsed.at, ctx);
  const changes: Array<[EntryRevision['field'], string]> = [];
  if (parsed.text !== undefined) changes.push(['text', parsed.text]);
  if (parsed.kind !== undefined) changes.push(['kind', parsed.kind]);
  if (parsed.at !== undefined) changes.push(['at', parsed.at]);
  const effective = changes.filter(([field, value]) => entry[field] !== value);
  if (effective.length === 0) {
    throw new OperationError('invalid-transition', 'The entry already reads that way.');
  }
  const by = actorPerson(ctx);
  const now = toIso(ctx.now());
  return commit(doc, ctx, () => {
    for (const [field, value] of effective) {
      appendEntryChange(room.roots, {
        type: 'edit',
        entryId: parsed.id,
        field,
        from: entry[field],
        to: value,
        by,
        at: now,
      });
    }
    return { id: parsed.id };
  });
}

const entryIdSchema = z.object({ id: idSchema });
export type EntryIdInput = z.input<typeof entryIdSchema>;

/** Pins an entry to the room's summary (the "pinned message" of incident channels). */
export function pinEntry(doc: Y.Doc, ctx: OperationContext, input: EntryIdInput): { id: string } {
  return setPinned(doc, ctx, input, true);
}

export function unpinEntry(doc: Y.Doc, ctx: OperationContext, input: EntryIdInput): { id: string } {
  return setPinned(doc, ctx, input, false);
}

function setPinned(
  doc: Y.Doc,
  ctx: OperationContext,
  input: EntryIdInput,
  pinned: boolean,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(entryIdSchema, input);
  const room = requireDeclared(doc);
  const entry = requireEntry(room.roots, parsed.id);
  if (entry.deleted) {
    throw new OperationError('entry-deleted', 'That timeline entry was deleted.');
  }
  if ((entry.pinned !== null) === pinned) {
    throw new OperationError(
      'invalid-transition',
      `The entry is already ${pinned ? 'pinned' : 'unpinned'}.`,
    );
  }
  return commit(doc, ctx, () => {
    appendEntryChange(room.roots, {
      type: 'pin',
      entryId: parsed.id,
      pinned,
      by: actorPerson(ctx),
      at: toIso(ctx.now()),
    });
    return { id: parsed.id };
  });
}

/**
 * Deletes an entry as an attributed tombstone: views hide it, the document keeps who deleted it,
 * when, and the words themselves (nothing said in an incident is silently unsaid).
 */
export function deleteEntry(
  doc: Y.Doc,
  ctx: OperationContext,
  input: EntryIdInput,
): { id: string } {
  checkContext(ctx);
  const parsed = parseInput(entryIdSchema, input);
  const room = requireDeclared(doc);
  requireEditableEntry(room.roots, parsed.id, 'delete');
  return commit(doc, ctx, () => {
    appendEntryChange(room.roots, {
      type: 'delete',
      entryId: parsed.id,
      by: actorPerson(ctx),
      at: toIso(ctx.now()),
    });
    return { id: parsed.id };
  });
}

function requireEntry(roots: RoomRoots, id: string): EntryState {
  const entry = readEntryState(roots, id);
  if (!entry) throw new OperationError('not-found', `No timeline entry has id ${id}.`);
  return entry;
}

function requireEditableEntry(roots: RoomRoots, id: string, verb: string): EntryState {
  const entry = requireEntry(roots, id);
  if (entry.deleted) throw new OperationError('entry-deleted', 'That timeline entry was deleted.');
  if (entry.ref) {
    throw new OperationError(
      'entry-protected',
      `That entry records a room change or decision and cannot be ${verb === 'edit' ? 'edited' : 'deleted'}; log a correction instead.`,
    );
  }
  return entry;
}
