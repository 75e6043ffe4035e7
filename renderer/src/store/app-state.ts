import type * as Y from 'yjs';
import type {
  HostParams,
  Profile,
  RoomSummary,
  TeamRoomsView,
  TeamSettings,
} from '../../../shared/channel/host-api';
import type { HostEvent, PresencePeer, RoomStatus } from '../../../shared/channel/host-events';
import type { EntryKind, PostmortemField } from '../../../shared/doc/enums';
import type { OperationContext } from '../../../shared/ops/context';
import type { HostConnection, OpenRoom } from '../host/host-connection';
import type { Panel } from './panels';
import type { RoomView } from './room-view';

// The store's shape in one place. The slices implement it and import only this file, so no
// slice imports another slice or the store that combines them (no import cycle, not even of types).

export type AppState = SessionSlice & RoomSlice & UiSlice & TeamSlice;

/** What the host tells us about ourselves, our rooms and each room's link to the relay. */
export interface SessionSlice {
  host: HostConnection | null;
  /** Why the host channel is gone, once it is; the UI stops pretending anything is saved. */
  hostLost: string | null;
  profile: Profile | null;
  /** The relay new rooms go to by default (the host's `--relay`); null means local-only. */
  defaultRelayUrl: string | null;
  rooms: RoomSummary[] | null;
  roomsError: string | null;
  statusByRoom: Record<string, RoomStatus>;
  presenceByRoom: Record<string, PresencePeer[]>;
  attachHost: (host: HostConnection) => () => void;
  refreshRooms: () => Promise<void>;
  /** Names or renames this person and sets their usual role; the host logs only a rename. */
  saveProfile: (change: HostParams<'profile.set'>) => Promise<void>;
  applyHostEvent: (event: HostEvent) => void;
  createRoom: (input: HostParams<'rooms.create'>) => Promise<HostOutcome<RoomSummary>>;
  joinRoom: (invite: string) => Promise<HostOutcome<RoomSummary>>;
  inviteLink: (roomId: string, access: 'write' | 'read') => Promise<HostOutcome<string>>;
  publishRoom: (roomId: string, relayUrl: string) => Promise<HostOutcome<RoomSummary>>;
  forgetRoom: (roomId: string) => Promise<HostOutcome<null>>;
}

/** A host request's outcome, with the host's refusal as a sentence to show next to the form. */
export type HostOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a UI command reports back: components show `error` inline, next to the control. */
export type CommandResult<T> = { ok: true; value: T } | { ok: false; code: string; error: string };

/** A typed operation from shared/ops: `(doc, ctx, input) => result`, throwing OperationError. */
export type Operation<I, T> = (doc: Y.Doc, ctx: OperationContext, input: I) => T;

export interface RoomSlice {
  roomId: string | null;
  /** The replica; components never touch it, except the editor binding its Y.Text. */
  room: OpenRoom | null;
  view: RoomView | null;
  /**
   * While the window shows the room's preview (its newest entries, painted before the replica has
   * synced): how many entries the whole timeline holds. Null once the room is read in full.
   */
  previewTotal: number | null;
  opening: boolean;
  openError: string | null;
  /** This tab's edits the host has not written to disk yet ("Saving…"). */
  unsaved: number;
  enterRoom: (roomId: string) => Promise<void>;
  leaveRoom: () => Promise<void>;
  /** Runs one shared operation against the open room as the current user. */
  run: <I, T>(operation: Operation<I, T>, input: I) => CommandResult<T>;
  operationContext: () => OperationContext | null;
  /**
   * The shared texts collaborative editors bind to. The only Yjs handles components receive: an
   * editor binding needs the Y.Text itself to merge keystrokes (y-codemirror.next).
   */
  sharedText: (name: SharedTextName) => Y.Text | null;
  /** What this person is editing, told to the others through the host's presence. */
  editing: string | null;
  setEditing: (editing: string | null) => void;
}

export type SharedTextName = 'statusDraft' | { postmortem: PostmortemField };

export type Theme = 'dark' | 'light';

export interface TimelineFilter {
  /** Empty means every kind. */
  kinds: EntryKind[];
  pinnedOnly: boolean;
}

/** View-only state: nothing here is shared with the room or saved by the host. */
export interface UiSlice {
  theme: Theme;
  paletteOpen: boolean;
  panel: Panel;
  timelineFilter: TimelineFilter;
  /** Bumped to ask the quick-entry bar to take focus (from a shortcut or the palette). */
  quickEntryFocus: number;
  quickEntryKind: EntryKind | null;
  setTheme: (theme: Theme) => void;
  toggleTheme: () => void;
  setPaletteOpen: (open: boolean) => void;
  setPanel: (panel: Panel) => void;
  setTimelineFilter: (filter: Partial<TimelineFilter>) => void;
  toggleKindFilter: (kind: EntryKind) => void;
  focusQuickEntry: (kind?: EntryKind) => void;
}

/** The relay's team room list: rooms this person can join without an invite. */
export interface TeamSlice {
  /** The team relay and the key masked; null until the host said. */
  teamSettings: TeamSettings | null;
  teamRooms: TeamRoomsView | null;
  /** Why the team list could not be had (one sentence); the local room list keeps working. */
  teamError: string | null;
  /** Team room ids this person has seen in the list; the others show "New". */
  teamSeen: Set<string> | null;
  /** Loads the team settings and list and follows `team-rooms-changed`; returns the unsubscribe. */
  attachTeam: (host: HostConnection) => () => void;
  /** Asks the relay now. */
  refreshTeamRooms: () => Promise<void>;
  /** Sets the team relay and key (a key left out keeps the saved one); throws the host's refusal. */
  saveTeam: (change: HostParams<'team.set'>) => Promise<void>;
  /** The person saw the list as it is now: its rooms lose their "New" badge. */
  markTeamRoomsSeen: () => void;
  joinTeamRoom: (roomId: string) => Promise<HostOutcome<RoomSummary>>;
  /** Opens a team room: the room already joined here, or joins it (no invite) first. */
  openTeamRoom: (roomId: string) => Promise<HostOutcome<null>>;
}
