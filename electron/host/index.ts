/** The host's public API. See README.md for the picture. */
export { Host, type CreateRoomInput, type HostOptions, type InviteAccess } from './host';
export { RoomSession } from './rooms/room-session';
export type { RoomListing } from './rooms/room-list';
export type {
  RoomStatus,
  ConnectionState,
  Presence,
  PresencePeer,
} from '../../shared/channel/host-events';
export { RoomNotFoundError, InvalidInviteError } from './rooms/room-errors';
export { LocalStoreError, AppendFailedError, type StoreFailureKind } from './store/store-errors';
export type { RoomRecord, RelayLink } from './store/catalog-store';
export type { CompactionLimits } from './store/room-store';
export { RelayRequestError } from './sync/relay-http';
export type { BackoffPolicy } from './sync/backoff';
export type { ClockEstimate } from './clock/clock-offset';
export { operationContextFor } from './rooms/operation-context';
