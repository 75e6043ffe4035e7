import { normalizeRelayUrl } from '../../../shared/invite/invite-link';
import type { RelayLink } from '../store/catalog-store';
import { TeamSettingsStore } from '../team/team-settings-store';
import { createRelayRoom } from './relay-http';

/**
 * Creates on its relay a room this machine made while the relay was away, with the id and both
 * keys chosen here (`incident-room declare --data DIR`). The relay answers a repeat of the same id
 * and keys with the same room, so whichever of the app and a later `declare` gets there first,
 * the room exists once. A relay that guards room creation takes the team key, when this data
 * folder's team settings name that relay; otherwise the request goes without a token.
 */
export async function createChosenRoomOnRelay(dataDir: string, link: RelayLink): Promise<boolean> {
  if (!link.writeKey || !link.readKey) return false;
  const team = new TeamSettingsStore(dataDir).get();
  const creationToken =
    team && normalizeRelayUrl(team.relayUrl) === normalizeRelayUrl(link.url) ? team.key : null;
  try {
    await createRelayRoom(link.url, {
      roomId: link.roomId,
      keys: { writeKey: link.writeKey, readKey: link.readKey },
      ...(creationToken ? { creationToken } : {}),
    });
    return true;
  } catch {
    // Refused (another room holds the id, or no token) or unreachable: the room stays refused
    // and says so in its status, as any room the relay does not know.
    return false;
  }
}
