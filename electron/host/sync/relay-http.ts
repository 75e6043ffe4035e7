import { z } from 'zod';

/** The relay answered an HTTP request with an error, or could not be reached. */
export class RelayRequestError extends Error {
  override readonly name = 'RelayRequestError';
  constructor(
    message: string,
    /** HTTP status, or null when the relay was not reached at all. */
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const CreatedRoom = z.object({
  id: z.string().min(1),
  writeKey: z.string().min(1),
  readKey: z.string().min(1),
});
export type CreatedRoom = z.infer<typeof CreatedRoom>;

export interface CreateRoomOptions {
  /** The relay's room-creation token, when it requires one. */
  creationToken?: string;
  /** Ask for a specific room id. */
  roomId?: string;
  timeoutMs?: number;
}

/** `POST /rooms` on a relay: creates a room and returns its id and keys. */
export async function createRelayRoom(
  relayUrl: string,
  options: CreateRoomOptions = {},
): Promise<CreatedRoom> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.creationToken) headers.authorization = `Bearer ${options.creationToken}`;
  let response: Response;
  try {
    response = await fetch(`${relayUrl}/rooms`, {
      method: 'POST',
      headers,
      body: JSON.stringify(options.roomId ? { id: options.roomId } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new RelayRequestError(
      `Could not reach the relay at ${relayUrl}: ${String(error)}`,
      null,
      { cause: error },
    );
  }
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) {
    throw new RelayRequestError(
      `The relay at ${relayUrl} refused to create a room (${response.status}): ${text.slice(0, 200)}`,
      response.status,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RelayRequestError(
      `The relay at ${relayUrl} answered with something that is not JSON.`,
      response.status,
      {
        cause: error,
      },
    );
  }
  const parsed = CreatedRoom.safeParse(body);
  if (!parsed.success) {
    throw new RelayRequestError(
      `The relay at ${relayUrl} answered without a room id and keys.`,
      response.status,
    );
  }
  return parsed.data;
}
