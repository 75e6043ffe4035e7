export { readRoom } from './read-room';
export type { ReadRoomOptions } from './read-room';
export { compareTimelineEntries } from './timeline-order';
export type { TimelineSortKey } from './timeline-order';
export type * from './types';
