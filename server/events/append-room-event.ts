import type * as Y from 'yjs';
import { MILESTONES, type MilestoneName } from '../../shared/doc/enums';
import type { OperationContext } from '../../shared/ops';
import { prepareSetMilestone } from '../../shared/ops/milestones';
import { prepareLogEntry } from '../../shared/ops/timeline';
import { isOperationError, type OperationError } from '../../shared/ops/operation-error';

/** One event of `POST /rooms/<id>/events`; fields are checked by the shared operations. */
export interface RoomEvent {
  readonly text: unknown;
  readonly kind?: unknown;
  readonly at?: unknown;
  readonly author?: unknown;
  readonly milestone?: MilestoneName;
}

export const EVENT_MILESTONES = MILESTONES;

/** Transaction origin of events-API writes, for observers that care where an edit came from. */
export const EVENTS_API_ORIGIN = 'relay:events-api';

/** Who the timeline says recorded an event that arrived over HTTP. */
const EVENTS_API_ACTOR = { id: 'relay-events-api', name: 'Events API' } as const;

/** The shared operations refused the event at `index` of the request; nothing was written. */
export class EventRefusedError extends Error {
  constructor(
    readonly index: number,
    readonly refusal: OperationError,
  ) {
    super(refusal.message);
  }
}

/**
 * Appends events (one, or a batch) through the shared document operations, the same code the
 * app runs, all or nothing. Every event is first checked against the room as it is now: its
 * input by the operations' own schemas, its preconditions (a declared room, the `resolved`
 * guard, no future time) by their guards, reading the live document without copying it. Only
 * when all pass are they written, in one transaction: one Yjs update, which the Room appends to
 * its log in one durable write and fans out once. Throws EventRefusedError, having written
 * nothing, when any event is refused.
 *
 * Why the writes cannot fail half-way: each prepared write only appends a new timeline entry
 * (and sets a milestone key) built from input that was already checked; the guards read the
 * room's metadata and phase, which these writes never change, so an earlier event of the batch
 * cannot invalidate a later one; and the one thing a write does read again (whether the
 * milestone already has that time) makes it write less, never throw. The cost per event is that
 * of the entry itself, independent of the room's size.
 */
export function appendRoomEvents(
  doc: Y.Doc,
  events: readonly RoomEvent[],
  now: () => number,
): { ids: string[] } {
  // One clock reading per request: the checks and the writes see the same "now".
  const requestTime = now();
  const ctx: OperationContext = {
    actor: { ...EVENTS_API_ACTOR },
    now: () => requestTime,
    // The relay's clock is the reference clock, so there is no offset to correct.
    clockOffsetMs: 0,
    origin: EVENTS_API_ORIGIN,
  };
  const writes = events.map((event, index) => {
    try {
      return prepareEvent(doc, ctx, event);
    } catch (error) {
      if (isOperationError(error)) throw new EventRefusedError(index, error);
      throw error;
    }
  });
  const ids: string[] = [];
  doc.transact(() => {
    for (const write of writes) ids.push(write());
  }, EVENTS_API_ORIGIN);
  return { ids };
}

/** Checks one event (its milestone, then its entry) and returns the writes that append it. */
function prepareEvent(doc: Y.Doc, ctx: OperationContext, event: RoomEvent): () => string {
  // The body is untrusted and typed `unknown`; the operations parse their input at run time
  // (zod) and refuse anything malformed, so the casts below only satisfy their declared types.
  const at = (event.at ?? ctx.now()) as string | number;
  const writeMilestone =
    event.milestone !== undefined
      ? prepareSetMilestone(doc, ctx, { name: event.milestone, at })
      : null;
  const writeEntry = prepareLogEntry(doc, ctx, {
    text: event.text as string,
    ...(event.kind !== undefined ? { kind: event.kind as 'note' } : {}),
    at,
    ...(event.author !== undefined ? { author: event.author as string } : {}),
  });
  return () => {
    writeMilestone?.();
    return writeEntry().id;
  };
}
