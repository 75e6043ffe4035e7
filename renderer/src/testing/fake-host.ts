import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type {
  HostApi,
  HostMethod,
  HostParams,
  HostResults,
  Profile,
  RoomStatusPages,
  RoomSummary,
  TeamRoomsView,
  TeamSettings,
} from '../../../shared/channel/host-api';
import type { HostEvent, PresencePeer, RoomStatus } from '../../../shared/channel/host-events';
import { readRoomPreview } from '../../../shared/read';
import type { HostConnection, OpenRoom } from '../host/host-connection';

/**
 * An in-memory host for component tests and the demo page: rooms live in this object, and each
 * opened room is a real Y.Doc replica kept in step with the "host" doc by exchanging updates, so
 * the store and components run exactly the code they run against the real channel.
 */
export class FakeHost implements HostConnection {
  readonly docs = new Map<string, Y.Doc>();
  readonly rooms = new Map<string, RoomSummary>();
  profile: Profile = { id: 'user-ic', name: 'Dana (IC)', colour: '#6ea8fe', usualRole: null };
  presence: PresencePeer[] = [];
  /** What `team.rooms` answers; tests change it and emit `team-rooms-changed`. */
  teamRooms: TeamRoomsView = {
    configured: false,
    relayUrl: null,
    rooms: [],
    error: null,
    fetchedAt: null,
  };
  teamSettings: TeamSettings = { relayUrl: null, maskedKey: null };
  /** What `room.statusPages` answers for every room; tests set it. */
  statusPages: RoomStatusPages = { relayUrl: null, pages: [], error: null };
  /** Whether `room.preview` answers with the room's first screen (a host that kept one). */
  keepsPreviews = true;
  /** While set, `openRoom` waits for it before syncing: tests hold a window in the preview. */
  holdOpen: Promise<void> | null = null;
  /** The room ids `team.join` was asked for, in order. */
  readonly teamJoins: string[] = [];
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private readonly lostListeners = new Set<(reason: string) => void>();
  private nextId = 1;

  readonly api: HostApi = {
    'host.info': () => this.answer('host.info', { version: 'test', defaultRelayUrl: null }),
    'profile.get': () => this.answer('profile.get', { ...this.profile }),
    'profile.set': (params) => {
      this.profile = {
        ...this.profile,
        name: params.name,
        colour: params.colour ?? this.profile.colour,
        usualRole: params.usualRole === undefined ? this.profile.usualRole : params.usualRole,
      };
      return this.answer('profile.set', { ...this.profile });
    },
    'rooms.list': () => this.answer('rooms.list', [...this.rooms.values()]),
    'rooms.create': (params) => this.answer('rooms.create', this.addRoom(params)),
    'rooms.join': () => Promise.reject(new Error('This invite is not valid.')),
    'rooms.leave': (params) => {
      this.rooms.delete(params.roomId);
      return this.answer('rooms.leave', null);
    },
    'rooms.invite': (params) =>
      this.answer('rooms.invite', {
        link: `incident-room://join?relay=ws://relay&room=${params.roomId}&key=${params.access}-key`,
      }),
    'rooms.publish': (params) => {
      const room = this.rooms.get(params.roomId);
      if (!room) return Promise.reject(new Error('No such room.'));
      const published = { ...room, access: 'write' as const, relayUrl: params.relayUrl };
      this.rooms.set(room.id, published);
      return this.answer('rooms.publish', published);
    },
    'team.get': () => this.answer('team.get', { ...this.teamSettings }),
    'team.set': (params) => {
      const key = params.key === undefined ? this.teamSettings.maskedKey : params.key;
      this.teamSettings =
        params.relayUrl === null || key === null
          ? { relayUrl: null, maskedKey: null }
          : { relayUrl: params.relayUrl, maskedKey: `••••••••${key.slice(-4)}` };
      return this.answer('team.set', { ...this.teamSettings });
    },
    'team.rooms': () => this.answer('team.rooms', structuredClone(this.teamRooms)),
    'team.join': (params) => {
      this.teamJoins.push(params.roomId);
      const listed = this.teamRooms.rooms.find((room) => room.id === params.roomId);
      if (!listed) return Promise.reject(new Error(`No team room ${params.roomId}.`));
      const joined = this.addRoom(
        { title: listed.title ?? params.roomId, severity: listed.severity ?? 'SEV3' },
        'write',
      );
      listed.joinedRoomId = joined.id;
      return this.answer('team.join', joined);
    },
    'room.preview': (params) => {
      const doc = this.docs.get(params.roomId);
      return this.answer('room.preview', doc && this.keepsPreviews ? readRoomPreview(doc) : null);
    },
    'room.open': (params) => this.answer('room.open', this.status(params.roomId)),
    'room.close': () => this.answer('room.close', null),
    'room.presence': () => this.answer('room.presence', null),
    'room.export': () => Promise.reject(new Error('Export is not available in the fake host.')),
    'room.statusPages': () => this.answer('room.statusPages', structuredClone(this.statusPages)),
  };

  addRoom(
    params: HostParams<'rooms.create'>,
    access: RoomSummary['access'] = params.relayUrl ? 'write' : 'local',
  ): RoomSummary {
    const id = `room-${this.nextId++}`;
    const summary: RoomSummary = {
      id,
      title: params.title,
      severity: params.severity,
      phase: null,
      access,
      relayUrl: params.relayUrl ?? null,
      service: params.service ?? null,
      updatedAt: new Date(0).toISOString(),
      lastActivityAt: new Date(0).toISOString(),
      unread: false,
    };
    this.rooms.set(id, summary);
    this.docs.set(id, new Y.Doc());
    return summary;
  }

  status(roomId: string, patch: Partial<RoomStatus> = {}): RoomStatus {
    return {
      roomId,
      connection: 'live',
      offlineSince: null,
      pendingToRelay: 0,
      clockOffsetMs: 0,
      refusal: null,
      lastConfirmedAt: null,
      saveError: null,
      ...patch,
    };
  }

  emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  loseHost(reason: string): void {
    for (const listener of this.lostListeners) listener(reason);
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  async openRoom(roomId: string): Promise<OpenRoom> {
    const hostDoc = this.docs.get(roomId);
    if (!hostDoc) throw new Error(`No room ${roomId}.`);
    if (this.holdOpen) await this.holdOpen;
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(hostDoc), this);
    const toHost = (update: Uint8Array, origin: unknown) => {
      if (origin !== this) Y.applyUpdate(hostDoc, update, this);
    };
    const toReplica = (update: Uint8Array, origin: unknown) => {
      if (origin !== this) Y.applyUpdate(replica, update, this);
    };
    replica.on('update', toHost);
    hostDoc.on('update', toReplica);
    this.emit({ type: 'room-status', status: this.status(roomId) });
    return {
      roomId,
      doc: replica,
      awareness: new Awareness(replica),
      unsavedCount: () => 0,
      onUnsavedChange: () => () => undefined,
      close: () => {
        replica.off('update', toHost);
        hostDoc.off('update', toReplica);
        replica.destroy();
        return Promise.resolve();
      },
    };
  }

  private answer<M extends HostMethod>(_method: M, value: HostResults[M]): Promise<HostResults[M]> {
    return Promise.resolve(value);
  }
}
