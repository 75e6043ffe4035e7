/**
 * Websocket close codes the relay uses. 4400–4499: the client must not retry with the same
 * request (fix the key, the room id or the message). 4500–4599: a passing condition; retry with
 * backoff. Documented for operators in docs/RELAY.md.
 */
export const CloseCode = {
  /** The key is missing. */
  KeyMissing: 4401,
  /** The key is not valid for this room. */
  KeyRejected: 4403,
  /** The room does not exist on this relay. */
  RoomNotFound: 4404,
  /** A frame could not be decoded. */
  MalformedMessage: 4400,
  /** A frame exceeded the relay's maximum message size. */
  MessageTooLarge: 4413,
  /** The connection sent messages faster than its rate limit. */
  RateLimited: 4429,
  /** The socket did not authenticate or speak in time. */
  IdleTimeout: 4408,
  /** The client declared a protocol version the relay does not speak; the older side must update. */
  ProtocolMismatch: 4426,
  /** The relay is shutting down; reconnect to it (or another) later. */
  ShuttingDown: 4501,
  /** The relay hit a capacity limit (rooms or connections); retry later. */
  OverCapacity: 4503,
  /** The relay failed to persist or load the room; retry later. */
  StorageFailure: 4500,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** Whether a client should reconnect after the relay closed with this code. */
export function shouldRetry(code: number): boolean {
  return !(code >= 4400 && code <= 4499);
}
