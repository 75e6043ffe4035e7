import { HostRequestError } from '../../../shared/channel/rpc';
import type { HostHandlers, RoomSummary } from '../../../shared/channel/host-api';
import { formatInvite } from '../../../shared/invite/invite-link';
import type { Host } from '../host';
import type { RoomRecord } from '../store/catalog-store';
import type { TeamRoomFeed } from '../team/team-room-feed';
import type { TeamConfig, TeamSettingsStore } from '../team/team-settings-store';

type TeamMethod = 'team.get' | 'team.set' | 'team.rooms' | 'team.join';

export interface TeamHandlerDeps {
  host: Host;
  settings: TeamSettingsStore;
  feed: TeamRoomFeed;
  /** Opens the room's session (it syncs from then on) and returns its list entry. */
  openAndSummarize: (localId: string) => RoomSummary;
  /** The rooms on this machine changed (a join, a new key). */
  roomsChanged: () => void;
}

/** Whether this machine reaches the room with the team key (and so must not hand it out). */
export function joinedWithTeamKey(record: RoomRecord, team: TeamConfig | null): boolean {
  return (
    team !== null &&
    record.relay !== null &&
    record.relay.writeKey === null &&
    record.relay.url === team.relayUrl &&
    record.relay.key === team.key
  );
}

/**
 * Rooms joined with the old team key move to the new one (same relay): the old key is likely
 * revoked, and they would otherwise end refused.
 */
export function rekeyTeamRooms(
  host: Host,
  before: TeamConfig | null,
  after: TeamConfig | null,
): number {
  if (before === null || after === null || before.relayUrl !== after.relayUrl) return 0;
  if (before.key === after.key) return 0;
  let moved = 0;
  for (const record of host.listRooms()) {
    if (!joinedWithTeamKey(record, before) || record.relay === null) continue;
    host.joinRoom(
      formatInvite({ relayUrl: after.relayUrl, roomId: record.relay.roomId, key: after.key }),
    );
    moved += 1;
  }
  return moved;
}

/** The channel API's team methods: settings (the key masked), the team room list, joining. */
export function createTeamHandlers(deps: TeamHandlerDeps): Pick<HostHandlers, TeamMethod> {
  const { host, settings, feed } = deps;
  return {
    'team.get': () => settings.settings(),
    'team.set': (params) => {
      const before = settings.get();
      const key = params.key === undefined ? (before?.key ?? null) : params.key;
      if (params.relayUrl !== null && key === null) {
        throw new HostRequestError('bad-request', 'Type the team key the relay was started with.');
      }
      settings.set(params.relayUrl, params.relayUrl === null ? null : key);
      if (rekeyTeamRooms(host, before, settings.get()) > 0) deps.roomsChanged();
      feed.settingsChanged();
      return settings.settings();
    },
    'team.rooms': async (params) => {
      if (params.refresh) await feed.refresh();
      return feed.view();
    },
    'team.join': async (params) => {
      const team = settings.get();
      if (team === null) {
        throw new HostRequestError('no-team', 'Set the team relay and key in Settings first.');
      }
      // A room this machine already has opens as it is: its own key (from an invite) is kept.
      const existing = host.findRoomOnRelay(team.relayUrl, params.roomId);
      if (existing) return deps.openAndSummarize(existing.localId);
      // Only a room the relay listed for this key is joined: joining blind would store a room
      // that ends refused when the key is wrong, or that does not exist.
      let listed = feed.view().rooms.find((room) => room.id === params.roomId);
      if (!listed) {
        await feed.refresh();
        const view = feed.view();
        listed = view.rooms.find((room) => room.id === params.roomId);
        if (!listed) {
          throw new HostRequestError(
            'not-found',
            view.error ?? `The team relay at ${team.relayUrl} lists no room ${params.roomId}.`,
          );
        }
      }
      const record = host.joinRoom(
        formatInvite({ relayUrl: team.relayUrl, roomId: params.roomId, key: team.key }),
        listed.title ?? undefined,
      );
      const summary = deps.openAndSummarize(record.localId);
      deps.roomsChanged();
      return summary;
    },
  };
}
