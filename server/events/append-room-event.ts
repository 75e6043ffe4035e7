import * as Y from 'yjs';
import { MILESTONES, type MilestoneName } from '../../shared/doc/enums';
import { logEntry, setMilestone, type OperationContext } from '../../shared/ops';

/** The body of `POST /rooms/<id>/events`; fields are checked by the shared operations. */
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

/**
 * Appends one event through the shared document operations (the same code the app runs), plus
 * the milestone it names. Either all of it lands in one Yjs update or nothing does: both
 * operations are first rehearsed on a copy of the document, because Yjs cannot roll back a
 * transaction that fails half-way. Throws the operations' OperationError on refusal.
 */
export function appendRoomEvent(doc: Y.Doc, event: RoomEvent, now: () => number): { id: string } {
  const rehearsal = new Y.Doc();
  try {
    Y.applyUpdate(rehearsal, Y.encodeStateAsUpdate(doc));
    applyEvent(rehearsal, event, now);
  } finally {
    rehearsal.destroy();
  }
  let result: { id: string } | undefined;
  doc.transact(() => {
    result = applyEvent(doc, event, now);
  }, EVENTS_API_ORIGIN);
  if (!result) throw new Error('the event transaction did not run');
  return result;
}

function applyEvent(doc: Y.Doc, event: RoomEvent, now: () => number): { id: string } {
  const ctx: OperationContext = {
    actor: { ...EVENTS_API_ACTOR },
    now,
    // The relay's clock is the reference clock, so there is no offset to correct.
    clockOffsetMs: 0,
    origin: EVENTS_API_ORIGIN,
  };
  // The HTTP body is untrusted and typed `unknown`; the operations parse their input at run time
  // (zod) and refuse anything malformed, so the casts below only satisfy their declared types.
  const at = event.at ?? now();
  if (event.milestone !== undefined) {
    setMilestone(doc, ctx, { name: event.milestone, at: at as string | number });
  }
  return logEntry(doc, ctx, {
    text: event.text as string,
    ...(event.kind !== undefined ? { kind: event.kind as 'note' } : {}),
    at: at as string | number,
    ...(event.author !== undefined ? { author: event.author as string } : {}),
  });
}
