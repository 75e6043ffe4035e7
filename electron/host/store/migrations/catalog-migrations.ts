import { catalogRooms } from './catalog-0001-rooms';
import { catalogRoomList } from './catalog-0002-room-list';
import { catalogRoomActivity } from './catalog-0003-room-activity';
import { catalogRelayAlternates } from './catalog-0004-relay-alternates';
import type { Migration } from './migration';

export const catalogMigrations: readonly Migration[] = [
  catalogRooms,
  catalogRoomList,
  catalogRoomActivity,
  catalogRelayAlternates,
];
