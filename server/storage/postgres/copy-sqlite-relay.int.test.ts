import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRoom, type CreatedRoom } from '../../testing/create-test-room';
import { startRealPostgres, type RealPostgres } from '../../testing/real-postgres';
import { relayBundle } from '../../testing/relay-bundle';
import { connectStockClient, waitFor, waitForSynced } from '../../testing/relay-clients';
import { spawnRelay } from '../../testing/spawn-relay';
import { encodedStored } from '../../testing/stored-room-doc';
import { RelayStore } from '../relay-store';
import { runMigrateCommand } from './migrate-command';
import { PostgresAlertStore } from './postgres-alert-store';
import { PostgresRoomStore } from './postgres-room-store';

// `npm run relay -- migrate`: a folder written by a real relay process (killed with SIGKILL, so
// rooms keep a snapshot and a log tail), copied by the real command into a real PostgreSQL.
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let postgres: RealPostgres;
let dataDir: string;
let rooms: CreatedRoom[];

beforeAll(async () => {
  postgres = await startRealPostgres();
  ({ dataDir, rooms } = await relayFolderWithRooms());
}, 60_000);
afterAll(async () => {
  await postgres?.destroy();
});

/** Three rooms on a real relay: one compacted with a log after its snapshot, one log only, one empty. */
async function relayFolderWithRooms(): Promise<{ dataDir: string; rooms: CreatedRoom[] }> {
  const relay = await spawnRelay({ args: ['--compact-after-updates', '4'] });
  try {
    const created = await Promise.all(
      ['compacted', 'log-only', 'empty'].map((id) => createTestRoom(relay.url, { id })),
    );
    for (const [room, edits] of [
      [created[0]!, 10],
      [created[1]!, 2],
    ] as const) {
      const { doc, provider } = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
      await waitForSynced(provider);
      for (let i = 0; i < edits; i += 1) {
        doc.getMap('meta').set(`k${i}`, `value ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 20)); // one message per edit
      }
      // A second client that sees every edit saw them stored: the relay answers from disk only.
      const check = connectStockClient(relay.wsRoomsUrl, room.id, room.writeKey);
      await waitFor(() => check.doc.getMap('meta').size === edits, `${room.id}: stored edits`);
      check.provider.destroy();
      provider.destroy();
    }
    return { dataDir: relay.dataDir, rooms: created };
  } finally {
    // No shutdown compaction: the file keeps what a crashed relay leaves behind.
    await relay.kill();
    markOpenedByAlert(relay.dataDir, 'log-only');
  }
}

/** The row the alert intake writes when an alert opens a room (its group's room from then on). */
function markOpenedByAlert(dataDir: string, roomId: string): void {
  const store = RelayStore.open(dataDir);
  try {
    store.database
      .prepare(
        'INSERT INTO alert_rooms (room_id, source_id, dedupe_key, opened_at) VALUES (?, ?, ?, ?)',
      )
      .run(roomId, 'prod-am', '{}:{alertname="CheckoutErrors"}', 1_700_000_000_000);
  } finally {
    store.close();
  }
}

async function migrateCommand(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [relayBundle(), 'migrate', ...args], // the built relay `npm run relay` runs
      { cwd: REPO_ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run relay -- migrate', () => {
  it('copies every room byte for byte, and a second run copies nothing', async () => {
    const url = await postgres.createDatabase('copy_target');
    const first = await migrateCommand(['--data', dataDir, '--postgres', url]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.trim()).toMatch(
      /^copied 3 rooms \(\d+ updates, 1 snapshots\) into PostgreSQL; 0 were already there$/,
    );
    const again = await migrateCommand(['--data', dataDir, '--postgres', url]);
    expect(again.stdout.trim()).toBe(
      'copied 0 rooms (0 updates, 0 snapshots) into PostgreSQL; 3 were already there',
    );

    const sqlite = RelayStore.open(dataDir);
    const shared = await PostgresRoomStore.open(url);
    try {
      const compacted = sqlite.loadRoomState('compacted');
      expect(compacted.snapshot).not.toBeNull(); // the setup made what the test needs
      expect(compacted.updates.length).toBeGreaterThan(0);
      for (const room of rooms) {
        const [fromSqlite, fromPostgres] = [
          sqlite.loadRoomState(room.id),
          await shared.loadRoomState(room.id),
        ];
        expect(fromPostgres).toEqual({
          ...fromSqlite,
          snapshot: fromSqlite.snapshot && Buffer.from(fromSqlite.snapshot),
          updates: fromSqlite.updates.map((update) => Buffer.from(update)),
        });
        expect(encodedStored(fromPostgres)).toEqual(encodedStored(fromSqlite));
        expect(await shared.findRoom(room.id)).toEqual(sqlite.findRoom(room.id));
      }
      const listed = await shared.pool.query<{ room_id: string }>(
        'SELECT room_id FROM room_listing ORDER BY room_id',
      );
      expect(listed.rows.map((row) => row.room_id)).toEqual(['compacted', 'empty', 'log-only']);
      // The alert group keeps its room: its next alert appends there instead of opening one.
      const alertStore = new PostgresAlertStore(shared);
      expect(await alertStore.findRoom('prod-am', '{}:{alertname="CheckoutErrors"}')).toBe(
        'log-only',
      );
      // New appends continue each room's numbering after what was copied.
      const [next] = await shared.appendUpdates([
        { roomId: 'compacted', update: Y.encodeStateAsUpdate(new Y.Doc()) },
      ]);
      expect(next).toBe(compacted.lastSeq + 1);
    } finally {
      sqlite.close();
      await shared.close();
    }
  });

  it('refuses, copying nothing, when PostgreSQL has one of the rooms with other keys', async () => {
    const url = await postgres.createDatabase('copy_conflict');
    const shared = await PostgresRoomStore.open(url);
    try {
      await shared.createRoom({
        id: 'log-only',
        writeKeyVerifier: Buffer.from('another room'),
        readKeyVerifier: Buffer.from('another room, read'),
        createdAt: 1,
      });
      const result = await migrateCommand(['--data', dataDir, '--postgres', url]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        'relay migrate: room log-only is already in PostgreSQL with other keys: it is another room; nothing was copied',
      );
      expect(await shared.countRooms()).toBe(1);
    } finally {
      await shared.close();
    }
  });

  it('says what is missing, with exit code 2, and never prints the database URL', async () => {
    // In-process (the same function main.ts calls): the real command was proven above.
    const lines: string[] = [];
    const output = {
      out: (line: string) => lines.push(line),
      err: (line: string) => lines.push(line),
    };
    const secretUrl = 'postgres://app:s3cret@127.0.0.1:1/x';
    expect(await runMigrateCommand(['--postgres', secretUrl], {}, output)).toBe(2);
    expect(lines[0]).toBe('relay migrate: --data is required');
    expect(await runMigrateCommand(['--data', dataDir, '--postgres', secretUrl], {}, output)).toBe(
      1,
    );
    expect(
      await runMigrateCommand(['--data', dataDir], { RELAY_POSTGRES_URL: secretUrl }, output),
    ).toBe(1);
    expect(lines.join('\n')).not.toContain('s3cret');
  });
});
