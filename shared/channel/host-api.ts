/**
 * The typed request/response API the host offers renderers: written once here, implemented by the
 * host's handler map (checked with `satisfies HostHandlers`), called by the renderer through
 * `createHostClient` whose types derive from this file. Param schemas validate every request at
 * the host, because a request is input like any other.
 */
import { z } from 'zod';
import { ROLES, SEVERITIES, type Role } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import { KEY_PATTERN } from '../invite/invite-link';
import type { StatusPageSummary, TeamRoomListing } from '../protocol/relay-http';
import type { RoomPreview } from '../read/room-preview';
import type { RoomStatus } from './host-events';

const roomId = z.string().min(1).max(128);
const relayUrl = z
  .string()
  .url()
  .refine((url) => /^(wss?|https?):\/\//.test(url), 'relay URL must be http(s):// or ws(s)://');

export const hostApiParams = {
  'host.info': z.object({}).strict(),
  'profile.get': z.object({}).strict(),
  /**
   * Names this person, or renames them (logged in every room open on the host). `usualRole` left
   * out keeps the saved one; null means none.
   */
  'profile.set': z
    .object({
      name: z.string().trim().min(1).max(80),
      colour: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/)
        .optional(),
      usualRole: z.enum(ROLES).nullable().optional(),
    })
    .strict(),
  'rooms.list': z.object({}).strict(),
  /** Creates the room and declares the incident in it, attributed to this machine's profile. */
  'rooms.create': z
    .object({
      title: z.string().trim().min(1).max(LIMITS.titleChars),
      severity: z.enum(SEVERITIES),
      incidentType: z.string().trim().max(64).optional(),
      service: z.string().trim().max(LIMITS.shortFieldChars).optional(),
      /** Omit for a local-only room (the app works fully alone); publish it to a relay later. */
      relayUrl: relayUrl.optional(),
    })
    .strict(),
  'rooms.join': z.object({ invite: z.string().min(1).max(4096) }).strict(),
  'rooms.leave': z.object({ roomId }).strict(),
  'rooms.invite': z.object({ roomId, access: z.enum(['write', 'read']) }).strict(),
  'rooms.publish': z.object({ roomId, relayUrl }).strict(),
  /** What the team settings are, the key masked (the full key never leaves the host). */
  'team.get': z.object({}).strict(),
  /**
   * Sets the team relay and key (both null: no team). A key left out keeps the saved one, so a
   * window that only shows the masked key can change the relay.
   */
  'team.set': z
    .object({
      relayUrl: relayUrl.nullable(),
      key: z
        .string()
        .trim()
        .regex(KEY_PATTERN, 'A team key is 8 to 256 letters, digits, or - _ . ~')
        .nullable()
        .optional(),
    })
    .strict(),
  /** The team rooms as last fetched; `refresh` asks the relay now instead of waiting for the poll. */
  'team.rooms': z.object({ refresh: z.boolean().optional() }).strict(),
  /** Joins a team room without an invite: the team key is the room's key on this machine. */
  'team.join': z.object({ roomId }).strict(),
  /**
   * What to paint while the room opens: the room with only its newest entries (and the pinned
   * ones), answered without the host loading the whole room; null when the host has none kept.
   */
  'room.preview': z.object({ roomId }).strict(),
  'room.open': z.object({ roomId }).strict(),
  'room.close': z.object({ roomId }).strict(),
  'room.export': z.object({ roomId, format: z.enum(['md', 'html', 'json', 'pdf']) }).strict(),
  /** The public status pages the room's relay serves, for the IC to list the room on one. */
  'room.statusPages': z.object({ roomId }).strict(),
  'room.presence': z
    .object({ roomId, role: z.string().max(32).nullable(), editing: z.string().max(64).nullable() })
    .strict(),
} as const;

export type HostMethod = keyof typeof hostApiParams;
export type HostParams<M extends HostMethod> = z.input<(typeof hostApiParams)[M]>;

export interface Profile {
  /** Stable across renames: attribution and role holders follow the id, not the name. */
  id: string;
  /** The person's own name; empty until they give one (the window asks before anything else). */
  name: string;
  colour: string;
  /**
   * The role this person usually takes (null: none). A room where nobody holds it offers it to
   * them in one click; it is never taken for them.
   */
  usualRole: Role | null;
}

export type RoomAccess = 'local' | 'write' | 'read';

export interface RoomSummary {
  id: string;
  title: string;
  severity: string | null;
  phase: string | null;
  access: RoomAccess;
  relayUrl: string | null;
  /** The affected service named when the incident was declared (meta `service`). */
  service: string | null;
  /** ISO time of the last change made to the room on this machine (its creation until then). */
  updatedAt: string;
  /**
   * ISO time of the last change to the room from anyone (another person's arrives through the
   * relay, timed when this host stored it); never earlier than `updatedAt`.
   */
  lastActivityAt: string;
  /** Others changed the room since this person last had it open. */
  unread: boolean;
}

/** An export for the window to save as a file (a download, in both modes). */
/** The status pages a room can be listed on: its relay's (`GET /status.json`). */
export interface RoomStatusPages {
  /** Null for a room on no relay: nothing serves a page for it. */
  relayUrl: string | null;
  pages: StatusPageSummary[];
  /** One sentence when the relay could not be asked; `pages` is then empty. */
  error: string | null;
}

export interface RoomExportResult {
  fileName: string;
  mimeType: string;
  /** How `text` holds the file: as it is (md, html, json), or base64 for binary (pdf). */
  encoding: 'utf8' | 'base64';
  text: string;
}

export interface HostInfo {
  version: string;
  /** The relay new rooms go to unless the person picks another (from `--relay`); null: local-only. */
  defaultRelayUrl: string | null;
}

/** The team settings as a window may see them: the key only masked. */
export interface TeamSettings {
  relayUrl: string | null;
  /** e.g. `••••••••3f9a`; null when no key is set. */
  maskedKey: string | null;
}

/** A room in the relay's team list, with what this machine knows of it. */
export interface TeamRoom extends TeamRoomListing {
  /** The local id when this machine already has the room (open it instead of joining). */
  joinedRoomId: string | null;
}

/** The team room list as the host last fetched it. */
export interface TeamRoomsView {
  /** false: no team relay and key are set, there is no list to show. */
  configured: boolean;
  relayUrl: string | null;
  rooms: TeamRoom[];
  /** One sentence when the last fetch failed (relay away, key refused); rooms are then the last good list. */
  error: string | null;
  /** ISO time of the last successful fetch. */
  fetchedAt: string | null;
}

export interface HostResults {
  'host.info': HostInfo;
  'profile.get': Profile;
  'profile.set': Profile;
  'rooms.list': RoomSummary[];
  'rooms.create': RoomSummary;
  'rooms.join': RoomSummary;
  'rooms.leave': null;
  'rooms.invite': { link: string };
  'rooms.publish': RoomSummary;
  'team.get': TeamSettings;
  'team.set': TeamSettings;
  'team.rooms': TeamRoomsView;
  'team.join': RoomSummary;
  'room.preview': RoomPreview | null;
  'room.open': RoomStatus;
  'room.close': null;
  'room.presence': null;
  'room.export': RoomExportResult;
  'room.statusPages': RoomStatusPages;
}

/** What the host implements: one handler per method, params already validated. */
export type HostHandlers = {
  [M in HostMethod]: (
    params: z.output<(typeof hostApiParams)[M]>,
    caller: HostCaller,
  ) => Promise<HostResults[M]> | HostResults[M];
};

/** The renderer connection a request came from (rooms it opened, for routing doc frames). */
export interface HostCaller {
  readonly connectionId: number;
}

/** What the renderer calls. */
export type HostApi = {
  [M in HostMethod]: (params: HostParams<M>) => Promise<HostResults[M]>;
};
