import { RELAY_ROOMS_PATH, type CreateRoomResponse } from '../../shared/protocol/relay-http';

export type CreatedRoom = Readonly<CreateRoomResponse>;

/** `POST /rooms` against a running relay; throws with the relay's message when refused. */
export async function createTestRoom(
  relayUrl: string,
  options: { id?: string; creationToken?: string } = {},
): Promise<CreatedRoom> {
  const response = await fetch(`${relayUrl}${RELAY_ROOMS_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.creationToken ? { authorization: `Bearer ${options.creationToken}` } : {}),
    },
    body: JSON.stringify(options.id !== undefined ? { id: options.id } : {}),
  });
  const body: unknown = await response.json();
  if (response.status !== 201) {
    throw new Error(`POST /rooms answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body as CreatedRoom;
}
