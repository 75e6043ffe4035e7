import { catalogRooms } from './catalog-0001-rooms';
import { catalogRoomList } from './catalog-0002-room-list';
import type { Migration } from './migration';

export const catalogMigrations: readonly Migration[] = [catalogRooms, catalogRoomList];
