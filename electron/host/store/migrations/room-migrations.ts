import type { Migration } from './migration';
import { roomUpdateLog } from './room-0001-update-log';

export const roomMigrations: readonly Migration[] = [roomUpdateLog];
