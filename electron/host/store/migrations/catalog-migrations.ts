import { catalogRooms } from './catalog-0001-rooms';
import type { Migration } from './migration';

export const catalogMigrations: readonly Migration[] = [catalogRooms];
