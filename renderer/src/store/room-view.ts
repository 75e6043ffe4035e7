import type { RoomSnapshot } from '../../../shared/read';

/**
 * What components read: the shared read model, never the Y.Doc itself. The room slice keeps it
 * with a `RoomReader`, so parts and timeline entries that did not change keep their identity
 * and components selecting them do not re-render.
 */
export type RoomView = RoomSnapshot;
