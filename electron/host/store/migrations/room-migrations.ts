import type { Migration } from './migration';
import { roomUpdateLog } from './room-0001-update-log';
import { roomFirstScreen } from './room-0002-first-screen';

export const roomMigrations: readonly Migration[] = [roomUpdateLog, roomFirstScreen];
