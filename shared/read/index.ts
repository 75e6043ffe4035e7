export { readRoom } from './read-room';
export type { ReadRoomOptions } from './read-room';
export { RoomReader } from './room-reader';
export { compareTimelineEntries, sortTimeline } from './timeline-order';
export type { TimelineSortKey } from './timeline-order';
export type * from './types';
export { PREVIEW_TAIL_ENTRIES, previewSnapshot, readRoomPreview } from './room-preview';
export type { RoomPreview } from './room-preview';
