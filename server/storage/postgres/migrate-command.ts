import { parseArgs } from 'node:util';
import { copySqliteRelay } from './copy-sqlite-relay';
import { PostgresRoomStore } from './postgres-room-store';

export const MIGRATE_USAGE =
  'usage: npm run relay -- migrate --data DIR --postgres URL (or RELAY_DATA, RELAY_POSTGRES_URL)';

interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `npm run relay -- migrate --data DIR --postgres URL`: copies the SQLite relay in DIR into the
 * shared-mode PostgreSQL database (migrating its schema first), idempotently. Returns the exit
 * code: 0 done, 1 refused or failed (one line saying why), 2 bad flags. The URL is never printed:
 * it may carry a password.
 */
export async function runMigrateCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<number> {
  let dataDir: string | undefined;
  let postgresUrl: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { data: { type: 'string' }, postgres: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    dataDir = values.data ?? env['RELAY_DATA'];
    postgresUrl = values.postgres ?? env['RELAY_POSTGRES_URL'];
  } catch (error) {
    output.err(`relay migrate: ${error instanceof Error ? error.message : String(error)}`);
    output.err(MIGRATE_USAGE);
    return 2;
  }
  if (!dataDir || !postgresUrl) {
    output.err(`relay migrate: ${!dataDir ? '--data' : '--postgres'} is required`);
    output.err(MIGRATE_USAGE);
    return 2;
  }
  let store: PostgresRoomStore | undefined;
  try {
    store = await PostgresRoomStore.open(postgresUrl, { maxConnections: 2 });
    const report = await copySqliteRelay(dataDir, store);
    output.out(
      `copied ${report.copied} rooms (${report.updates} updates, ${report.snapshots} snapshots) into PostgreSQL; ${report.alreadyThere} were already there`,
    );
    return 0;
  } catch (error) {
    output.err(`relay migrate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await store?.close();
  }
}
