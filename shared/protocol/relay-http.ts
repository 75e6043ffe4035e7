import type { MilestoneName, Phase, Role, Severity } from '../doc/enums';

/**
 * The relay's HTTP surface, for hosts, scripts and tests (docs/RELAY.md explains each).
 * Every answer carries RELAY_TIME_HEADER; refusals have a RelayErrorBody.
 */
export const RELAY_HEALTH_PATH = '/healthz';
export const RELAY_METRICS_PATH = '/metrics';
/** `POST` creates a room; websockets live below it at `/rooms/<roomId>`. */
export const RELAY_ROOMS_PATH = '/rooms';

/** `GET /status.json`: the relay's public status pages and their components, for choosing one. */
export const RELAY_STATUS_INDEX_PATH = '/status.json';

/** One page of `GET /status.json`, as the status pages file declares it. */
export interface StatusPageSummary {
  id: string;
  title: string;
  /** Where readers find the page, when the file says; otherwise the relay's `/status/<id>`. */
  url: string | null;
  components: { id: string; name: string }[];
}

export interface StatusPageIndex {
  pages: StatusPageSummary[];
}

/**
 * `POST` appends a timeline event (a TimelineEventRequest), or a batch of them (a JSON array),
 * with the room's write key as a bearer token.
 */
export function roomEventsPath(roomId: string): string {
  return `${RELAY_ROOMS_PATH}/${encodeURIComponent(roomId)}/events`;
}

export interface CreateRoomRequest {
  /** Must match ROOM_ID_PATTERN; a random UUID when left out. */
  id?: string;
  /**
   * Keys the client chose (both, with `id`; 43-128 base64url characters each, 256 random bits):
   * sending the same request again answers `200` with the same room, other keys for the id `409`.
   */
  writeKey?: string;
  readKey?: string;
}

/** `201` answer of `POST /rooms`: the only time the keys exist on the relay. */
export interface CreateRoomResponse {
  id: string;
  writeKey: string;
  readKey: string;
}

export interface RelayHealth {
  ok: boolean;
  version: string;
  protocolVersion: number;
  roomsLoaded: number;
  connections: number;
  uptimeSeconds: number;
  /** The relay's clock, ms since the epoch (also in RELAY_TIME_HEADER). */
  time: number;
  /**
   * The http(s) addresses of every relay serving the same rooms (`--advertise-urls`), this one
   * included; a host moves to another of them when its relay stops answering. Empty: none given.
   */
  relays: string[];
  /** Shared mode only: whether this relay reaches its Redis and its PostgreSQL now. */
  shared?: { redis: boolean; postgres: boolean };
}

export interface TimelineEventRequest {
  text: string;
  /** An entry kind (ENTRY_KINDS); `note` when left out. */
  kind?: string;
  /** ISO-8601 with a zone, or epoch ms; the relay's now when left out. */
  at?: string | number;
  author?: string | { id?: string | null; name: string };
  /** Also sets this milestone to `at`. */
  milestone?: MilestoneName;
}

/** `201` answer of the events API to one event: the new timeline entry's id. */
export interface TimelineEventResponse {
  id: string;
}

/** `201` answer of the events API to a batch: the new entries' ids, in the batch's order. */
export interface TimelineEventBatchResponse {
  ids: string[];
}

export interface RelayErrorBody {
  error: string;
  /** The shared operations' refusal code, when the room refused the event (`409`). */
  code?: string;
  /** In a refused batch: the position (from 0) of the event refused. */
  index?: number;
}

/**
 * `GET /rooms` with the relay's team key as a bearer token: every room on the relay, open ones
 * first, then the most recently active. The team key also opens any room's websocket and events
 * API with write access, so a team member joins from this list without an invite.
 */
export interface TeamRoomList {
  rooms: TeamRoomListing[];
}

export interface TeamRoomListing {
  id: string;
  /** As declared in the room; null until someone declares it. */
  title: string | null;
  severity: Severity | null;
  phase: Phase | null;
  /** `resolved` once the room's incident is resolved; otherwise `open`. */
  state: 'open' | 'resolved';
  /** Roles paged into the room (an alert rule's `page`) that no person holds yet. */
  pagedRoles: Role[];
  /** The alert source id that opened the room (alert_rooms), or `app` for a room people made. */
  source: string;
  /** ms since the epoch */
  createdAt: number;
  /** The last change the relay stored for the room, ms since the epoch. */
  lastActivityAt: number;
}

/** `GET` with the team key: outbound deliveries in one state (docs/OUTBOUND.md). */
export const RELAY_OUTBOUND_DELIVERIES_PATH = '/outbound/deliveries';

/**
 * `GET /outbound/deliveries?state=failed|pending|delivered[&limit=N]`: the deliveries in that
 * state, newest first, each with its receipt (the event itself is in its room).
 */
export interface OutboundDeliveryList {
  deliveries: OutboundDeliveryListing[];
}

export interface OutboundDeliveryListing {
  /** The event's id, its `Idempotency-Key`. */
  eventId: string;
  eventType: string;
  roomId: string;
  targetId: string;
  /** `webhook`, `slack`, `statuspage` or `email` (docs/OUTBOUND.md). */
  targetKind: string;
  state: 'pending' | 'delivered' | 'failed';
  /** Tries so far. */
  attempts: number;
  /** ms since the epoch: when a pending delivery is tried next. */
  nextAttemptAt: number;
  /**
   * The receiver's last HTTP status (for `email`: the SMTP reply code); null when none came
   * (refused, timed out) or not tried.
   */
  lastStatus: number | null;
  /** Why the last try failed, for people; never a URL or secret. */
  lastError: string | null;
  /** ms since the epoch */
  createdAt: number;
  deliveredAt: number | null;
}
