import { HostRequestError } from '../../../shared/channel/rpc';
import { declareIncident, logEntry } from '../../../shared/ops';
import { roomRoots } from '../../../shared/doc/roots';
import { isDeclared } from '../../../shared/ops/room-guard';
import type {
  HostCaller,
  HostHandlers,
  HostInfo,
  Profile,
  RoomAccess,
  RoomSummary,
} from '../../../shared/channel/host-api';
import type { HostEvent } from '../../../shared/channel/host-events';
import type { TeamRoomListing } from '../../../shared/protocol/relay-http';
import type { ChannelMessage } from '../../../shared/channel/messages';
import type { Host } from '../host';
import { operationContextFor } from '../rooms/operation-context';
import type { RoomListing } from '../rooms/room-list';
import type { RoomSession } from '../rooms/room-session';
import type { RoomRecord } from '../store/catalog-store';
import { exportRoom } from '../export/export-room';
import { loadTemplates } from '../templates/load-templates';
import type { LoadedTemplates, LoadTemplatesOptions } from '../templates/load-templates';
import { fetchStatusPages, StatusPagesError } from '../status-pages/fetch-status-pages';
import { TeamRoomFeed } from '../team/team-room-feed';
import { TeamSettingsStore } from '../team/team-settings-store';
import { HostChannelSession } from './host-channel-session';
import type { RoomDocLease, RoomDocSource } from './host-channel-session';
import type { ProfileStore } from './profile-store';
import { createTeamHandlers, joinedWithTeamKey } from './team-handlers';

function accessOf(record: RoomRecord): RoomAccess {
  if (record.relay === null) return 'local';
  if (record.relay.readKey !== null && record.relay.key === record.relay.readKey) return 'read';
  return 'write';
}

function summaryOf(listing: RoomListing): RoomSummary {
  const { record } = listing;
  return {
    id: record.localId,
    title: record.title,
    severity: listing.severity,
    phase: listing.phase,
    service: listing.service,
    access: accessOf(record),
    relayUrl: record.relay?.url ?? null,
    updatedAt: new Date(listing.updatedAt).toISOString(),
    lastActivityAt: new Date(listing.lastActivityAt).toISOString(),
    unread: listing.unread,
  };
}

/**
 * A rename goes on the timeline of every room open on this host at that moment (rooms stay open
 * once opened, so: every room this person has had open since the host started) where they can
 * write. Entries keep attribution by the profile id; this entry tells readers that the old and the
 * new name are one person. Rooms not open keep the old name on past entries and are not told: a
 * rename is news to the rooms the person is working in, not to last month's postmortem.
 */
function logRename(sessions: RoomSession[], profile: Profile, previousName: string): void {
  const actor = { id: profile.id, name: profile.name };
  for (const session of sessions) {
    if (accessOf(session.roomRecord) === 'read' || !isDeclared(roomRoots(session.doc))) continue;
    try {
      session.edit(() =>
        logEntry(session.doc, operationContextFor(session, actor), {
          kind: 'note',
          text: `${previousName} is now known as ${profile.name}`,
        }),
      );
    } catch (error) {
      // The rename itself is saved; one room failing to record it must not undo it or stop the
      // others (the room's own status already shows a failed save).
      console.warn(`incident-room: could not log the rename in room ${session.localId}`, error);
    }
  }
}

/**
 * The host as renderers see it: the handler map of the channel API, the renderer connections, and
 * the events each of them should get. Transport-independent: web mode plugs a websocket in, the
 * desktop shell a MessagePort.
 *
 * Rooms stay open (and syncing with their relay) once opened, even when no window shows them: a
 * room in the list should not go stale while its tab is closed.
 */
export class HostService implements RoomDocSource {
  private readonly connections = new Map<number, HostChannelSession>();
  private closed = false;
  private readonly watchedSessions = new Set<string>();
  /** The team relay and key (`<dataDir>/team.json`); the key never goes to a window. */
  private readonly team: TeamSettingsStore;
  private readonly teamFeed: TeamRoomFeed;
  private readonly newAlertRoomListeners = new Set<(rooms: TeamRoomListing[]) => void>();
  readonly handlers: HostHandlers;

  constructor(
    private readonly host: Host,
    private readonly profile: ProfileStore,
    private readonly info: HostInfo,
    private readonly templateOptions: LoadTemplatesOptions = {},
    /** How PDFs are printed (default: headless Chromium; the desktop app: its own printToPDF). */
    private readonly printPdf?: (html: string) => Promise<Uint8Array>,
  ) {
    this.team = new TeamSettingsStore(host.dataDir);
    this.teamFeed = new TeamRoomFeed({
      settings: this.team,
      joinedRoomId: (relayUrl, roomId) => host.findRoomOnRelay(relayUrl, roomId)?.localId ?? null,
      onChanged: () => this.broadcast({ type: 'team-rooms-changed' }),
      onNewAlertRooms: (rooms) => {
        for (const listener of this.newAlertRoomListeners) listener(rooms);
      },
    });
    this.handlers = this.createHandlers();
    host.onRoomListChanged(() => this.broadcast({ type: 'rooms-changed' }));
  }

  /**
   * Rooms an alert opened on the team relay since the last poll (the desktop shell shows native
   * notifications from this; polls run every second while a window is open, every 15 s after).
   */
  onNewAlertRooms(listener: (rooms: TeamRoomListing[]) => void): () => void {
    this.newAlertRoomListeners.add(listener);
    return () => this.newAlertRoomListeners.delete(listener);
  }

  /** Rooms were joined or left: both lists say so (a team room shows "joined"). */
  private roomsChanged(): void {
    this.broadcast({ type: 'rooms-changed' });
    this.broadcast({ type: 'team-rooms-changed' });
  }

  /** A renderer connected; returns what the transport feeds its messages to. */
  connect(connectionId: number, send: (message: ChannelMessage) => void): HostChannelSession {
    const session = new HostChannelSession(connectionId, this.handlers, this, send);
    this.connections.set(connectionId, session);
    // The team list is polled while any window is open, so a room an alert opens is announced
    // (badge, notification) even to a person working in another room.
    this.teamFeed.setActive(true);
    return session;
  }

  disconnect(connectionId: number): void {
    // A transport's close event can arrive after the service closed (web mode terminates its
    // sockets, then closes): the host's stores are shut by then and nothing is left to update.
    if (this.closed) return;
    this.connections.get(connectionId)?.close();
    this.connections.delete(connectionId);
    this.teamFeed.setActive(this.connections.size > 0);
    for (const roomId of this.watchedSessions) this.updateViewed(roomId);
  }

  /** Tells the room list whether any window shows the room (its changes are then seen). */
  private updateViewed(roomId: string): void {
    const viewed = [...this.connections.values()].some((c) => c.hasRoom(roomId));
    this.host.setRoomViewed(roomId, viewed);
  }

  async leaseRoomDoc(roomId: string): Promise<RoomDocLease> {
    const session = this.openSession(roomId);
    return Promise.resolve({
      doc: session.doc,
      onPersisted: (listener: () => void) => session.onSaved(() => listener()),
      savedStateVector: () => session.savedStateVector(),
      awareness: session.awareness,
      setCursor: (cursor: unknown) => session.awareness.setLocalStateField('cursor', cursor),
      release: () => undefined,
    });
  }

  close(): void {
    this.closed = true;
    this.teamFeed.close();
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
    this.host.close();
  }

  private templatesLoaded: Promise<LoadedTemplates> | null = null;

  /** Templates are read once, on first need: most sessions never export. */
  private templates(): Promise<LoadedTemplates> {
    this.templatesLoaded ??= loadTemplates(this.templateOptions);
    return this.templatesLoaded;
  }

  private openSession(roomId: string): RoomSession {
    const session = this.host.openRoom(roomId);
    if (!this.watchedSessions.has(roomId)) {
      this.watchedSessions.add(roomId);
      session.onStatus((status) => this.broadcast({ type: 'room-status', status }, roomId));
      session.onPresence((peers) => this.broadcast({ type: 'presence', roomId, peers }, roomId));
      const presence = this.profile.get();
      session.setPresence({
        userId: presence.id,
        name: presence.name,
        colour: presence.colour,
        role: null,
        editing: null,
      });
    }
    return session;
  }

  private broadcast(event: HostEvent, roomId?: string): void {
    for (const connection of this.connections.values()) {
      if (roomId === undefined || connection.hasRoom(roomId)) {
        connection.sendEvent(event);
      }
    }
  }

  private summarize(roomId: string): RoomSummary {
    const listing = this.host.roomListing(roomId);
    if (listing === null)
      throw new HostRequestError('not-found', `No room ${roomId} on this machine.`);
    return summaryOf(listing);
  }

  private connection(caller: HostCaller): HostChannelSession {
    const connection = this.connections.get(caller.connectionId);
    if (!connection)
      throw new HostRequestError('host-lost', 'This window is no longer connected to the host.');
    return connection;
  }

  private createHandlers(): HostHandlers {
    const host = this.host;
    return {
      'host.info': () => this.info,
      'profile.get': () => this.profile.get(),
      'profile.set': (params) => {
        const { profile, previousName } = this.profile.update(params);
        for (const session of host.openSessions()) {
          const peer = session.peers().find((p) => p.self);
          session.setPresence({
            userId: profile.id,
            name: profile.name,
            colour: profile.colour,
            role: peer?.role ?? null,
            editing: peer?.editing ?? null,
          });
        }
        if (previousName !== '' && previousName !== profile.name) {
          logRename(host.openSessions(), profile, previousName);
        }
        // Other windows of this host must not go on writing under the old name.
        this.broadcast({ type: 'profile-changed', profile });
        return profile;
      },
      'rooms.list': () => host.roomListings().map(summaryOf),
      'rooms.create': async (params) => {
        const record = await host.createRoom({
          title: params.title,
          ...(params.relayUrl ? { relayUrl: params.relayUrl } : {}),
        });
        // Declared here, in the room's first change, by the person whose window asked: what the
        // form said (severity, incident type, service) is what the room holds.
        const session = this.openSession(record.localId);
        const profile = this.profile.get();
        session.edit(() =>
          declareIncident(
            session.doc,
            operationContextFor(session, { id: profile.id, name: profile.name }),
            {
              title: params.title,
              severity: params.severity,
              ...(params.incidentType ? { incidentType: params.incidentType } : {}),
              ...(params.service ? { service: params.service } : {}),
            },
          ),
        );
        this.broadcast({ type: 'rooms-changed' });
        return this.summarize(record.localId);
      },
      'rooms.join': (params) => {
        const record = host.joinRoom(params.invite);
        this.openSession(record.localId);
        this.roomsChanged();
        return this.summarize(record.localId);
      },
      'rooms.leave': (params) => {
        for (const connection of this.connections.values()) connection.detachRoom(params.roomId);
        this.watchedSessions.delete(params.roomId);
        host.leaveRoom(params.roomId);
        this.roomsChanged();
        return null;
      },
      'rooms.invite': (params) => {
        // An invite carries the key this machine connects with: for a room joined from the team
        // list that is the team key, which opens every room on the relay.
        if (joinedWithTeamKey(host.getRoom(params.roomId), this.team.get())) {
          throw new HostRequestError(
            'team-room',
            'This room was joined with the team key, so this machine has no invite to give: teammates join it from Team rooms, others need an invite from whoever declared it.',
          );
        }
        return { link: host.inviteLink(params.roomId, params.access) };
      },
      ...createTeamHandlers({
        host,
        settings: this.team,
        feed: this.teamFeed,
        openAndSummarize: (localId) => {
          this.openSession(localId);
          return this.summarize(localId);
        },
        roomsChanged: () => this.roomsChanged(),
      }),
      'rooms.publish': async (params) => {
        const record = await host.publishRoom(params.roomId, params.relayUrl);
        this.broadcast({ type: 'rooms-changed' });
        return this.summarize(record.localId);
      },
      'room.preview': (params) => host.firstScreen(params.roomId),
      'room.open': async (params, caller) => {
        const connection = this.connection(caller);
        await connection.attachRoom(params.roomId);
        this.updateViewed(params.roomId);
        const session = this.openSession(params.roomId);
        const status = session.status();
        // Status and presence events only come on a change: a window opening a room that stays
        // live would otherwise never learn its status (and could not tell a live entry from an
        // offline one), nor who was already there when the host heard of them before the window
        // attached (a joiner's host syncs with the relay first; a peer's presence then changes
        // only when they do something).
        connection.sendEvent({ type: 'room-status', status });
        connection.sendEvent({ type: 'presence', roomId: params.roomId, peers: session.peers() });
        return status;
      },
      'room.close': (params, caller) => {
        this.connection(caller).detachRoom(params.roomId);
        this.updateViewed(params.roomId);
        return null;
      },
      'room.statusPages': async (params) => {
        const relay = host.getRoom(params.roomId).relay;
        if (relay === null) return { relayUrl: null, pages: [], error: null };
        try {
          return { relayUrl: relay.url, pages: await fetchStatusPages(relay.url), error: null };
        } catch (error) {
          if (!(error instanceof StatusPagesError)) throw error;
          return { relayUrl: relay.url, pages: [], error: error.message };
        }
      },
      'room.export': async (params) => {
        const session = this.openSession(params.roomId);
        const { catalog } = await this.templates();
        const result = await exportRoom(session.doc, {
          format: params.format,
          catalog,
          generatedAt: new Date(session.now()),
          ...(this.printPdf ? { printPdf: this.printPdf } : {}),
        });
        const { fileName, mimeType, data } = result;
        // The channel carries JSON: a PDF's bytes travel as base64, the text formats as they are.
        return typeof data === 'string'
          ? { fileName, mimeType, encoding: 'utf8', text: data }
          : { fileName, mimeType, encoding: 'base64', text: Buffer.from(data).toString('base64') };
      },
      'room.presence': (params) => {
        const profile = this.profile.get();
        this.openSession(params.roomId).setPresence({
          userId: profile.id,
          name: profile.name,
          colour: profile.colour,
          role: params.role,
          editing: params.editing,
        });
        return null;
      },
    };
  }
}
