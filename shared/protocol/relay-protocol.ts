/**
 * The wire contract between hosts and the relay, beyond what y-protocols already defines.
 *
 * The relay speaks the standard y-websocket framing (varUint message type, then payload) so
 * the stock `WebsocketProvider` works unchanged. Incident Room adds one message type that stock
 * clients never see: they only receive it when they ask for it with `?confirm=1`.
 */

/**
 * Bumped when a host and relay of different versions could misread each other. It is one whole
 * number, a major version: compatible additions are asked for with their own query parameter
 * (as `confirm=1` is), so a relay and a host speak together exactly when their numbers are equal.
 */
export const RELAY_PROTOCOL_VERSION = 2;

/**
 * The protocol of the builds that wrote document format 1 (one Y.Map per timeline entry). A relay
 * of version 2 moves its rooms to format 2 as it loads them, which those builds cannot read: it
 * refuses them with ProtocolMismatch, and they tell their person to update the app.
 */
export const FORMAT_1_PROTOCOL_VERSION = 1;

/** y-protocols message types used by y-websocket (kept here so nobody writes the numbers twice). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Relay → host: `varUint(MESSAGE_CONFIRMED) · varUint8Array(stateVector)`.
 * The state vector of everything the relay has durably stored for the room. Sent once after the
 * initial sync and again (coalesced) after updates from this connection are persisted. A host
 * counts its local changes not covered by this vector as "not yet on the relay".
 */
export const MESSAGE_CONFIRMED = 100;

/** Query parameter a host sets to receive MESSAGE_CONFIRMED. */
export const CONFIRM_QUERY_PARAM = 'confirm';

/**
 * Query parameter with which a host declares the RELAY_PROTOCOL_VERSION it speaks. A relay
 * speaking another version closes it with `ProtocolMismatch`; a client that declares nothing is
 * taken for a stock y-websocket client, which only speaks sync and awareness, and is served.
 */
export const PROTOCOL_QUERY_PARAM = 'protocol';

/** Query parameter carrying the room key (browsers cannot set headers on a websocket). */
export const KEY_QUERY_PARAM = 'key';

/** Room ids: URL-safe, no path separators or dots at the start, bounded length. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The websocket path of a room. */
export function roomPath(roomId: string): string {
  return `/rooms/${encodeURIComponent(roomId)}`;
}

/**
 * The relay's clock, for hosts estimating their offset: every HTTP answer of the relay carries
 * this header with the relay's time in milliseconds since the epoch (UTC) when it answered.
 */
export const RELAY_TIME_HEADER = 'x-relay-time';
