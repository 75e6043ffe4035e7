import { RELAY_PROTOCOL_VERSION } from '../../../shared/protocol/relay-protocol';

/** A protocol version one above this app's: a relay or a client from the future. */
export const NEWER_PROTOCOL = RELAY_PROTOCOL_VERSION + 1;

/** What the host and the CLI say to a relay newer than the app (spelled out, not derived). */
export const UPDATE_THE_APP = `This relay speaks protocol ${NEWER_PROTOCOL}; this app speaks ${RELAY_PROTOCOL_VERSION}. Update the app.`;

/** What they say when the app is the newer side. */
export const RELAY_IS_OLDER = `This relay speaks protocol ${RELAY_PROTOCOL_VERSION}; this app speaks ${NEWER_PROTOCOL}. The relay is older: ask its operator to update it.`;

export interface RoomOnRelay {
  id: string;
  writeKey: string;
  readKey: string;
}

/** `POST /rooms` by hand: the host's own createRelayRoom refuses a relay of another version. */
export async function createRoomDirectly(relayUrl: string): Promise<RoomOnRelay> {
  const response = await fetch(`${relayUrl}/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 201) throw new Error(`POST /rooms answered ${response.status}`);
  return (await response.json()) as RoomOnRelay;
}
