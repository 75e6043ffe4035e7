import type { Phase, Role, Severity } from '../../shared/doc/enums';

/** The events the relay sends out, named as receivers see them in `type`. */
export const OUTBOUND_EVENT_TYPES = [
  'room.declared',
  'severity.changed',
  'role.handed-over',
  'status-update.published',
  'incident.resolved',
  'follow-up.created',
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/** A person as an event names them (the room's own `{id, name}`). */
export interface OutboundPerson {
  readonly id: string;
  readonly name: string;
}

/** The room as it was when the event happened; every event carries it. */
export interface OutboundRoom {
  readonly id: string;
  readonly title: string | null;
  readonly severity: Severity | null;
  readonly phase: Phase | null;
  /** The status page its IC listed it on, or null. */
  readonly statusPage: string | null;
}

/** What changed, per event type. */
export type OutboundEventData =
  | {
      readonly type: 'room.declared';
      readonly declaredBy: OutboundPerson | null;
      /** Who holds each role at declaration (a role nobody holds is absent). */
      readonly roles: Partial<Record<Role, OutboundPerson>>;
    }
  | {
      readonly type: 'severity.changed';
      readonly from: Severity | null;
      readonly to: Severity | null;
    }
  | {
      readonly type: 'role.handed-over';
      readonly role: Role;
      readonly from: OutboundPerson | null;
      readonly to: OutboundPerson | null;
    }
  | {
      readonly type: 'status-update.published';
      /** The published snapshot's id: one event per published update, however often it syncs. */
      readonly updateId: string;
      /** Exactly the approved, published text. */
      readonly text: string;
      readonly phase: Phase;
      readonly publishedAt: string;
      readonly publishedBy: OutboundPerson;
    }
  | { readonly type: 'incident.resolved'; readonly resolvedAt: string | null }
  | {
      /** Someone asked for an action item to go to a tracker target (server/outbound/trackers). */
      readonly type: 'follow-up.created';
      readonly itemId: string;
      /** The tracker target asked for: the event goes there only, never through routes. */
      readonly targetId: string;
      readonly title: string;
      readonly owner: string | null;
      readonly priority: string | null;
      readonly due: string | null;
      readonly requestedBy: OutboundPerson;
      readonly requestedAt: string;
      /** The postmortem's summary as it was when asked (may be empty). */
      readonly postmortemSummary: string;
    };

/**
 * What targets that write for people (email, Statuspage) need beyond the event: read from the
 * room when the event is derived, so a later try sends what was true then. Not part of the
 * webhook schema (receivers there have `room` and can ask the room for more).
 */
export interface OutboundBriefing {
  /** The room's components on its status page (this relay's component ids), in the IC's order. */
  readonly components: readonly string[];
  readonly service: string | null;
  /** The `impactStarted` milestone (ISO-8601 UTC), or null. */
  readonly impactStartedAt: string | null;
  /** When the next status update is due by the room's cadence (shared/rules), or null. */
  readonly nextUpdateAt: string | null;
}

/**
 * One event, as stored in the outbox and sent to every target routed to it. `id` is made once,
 * when the event is derived, and is the `Idempotency-Key` of every attempt to every target.
 */
export interface OutboundEvent {
  readonly id: string;
  /** ISO-8601 UTC: when the relay stored the change that caused the event. */
  readonly occurredAt: string;
  readonly room: OutboundRoom;
  readonly data: OutboundEventData;
  /** Absent on rows an older relay stored; readers fall back to none. */
  readonly briefing?: OutboundBriefing;
}
