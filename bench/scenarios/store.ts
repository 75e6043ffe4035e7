/**
 * Scenario 4, the host's local store. Durable append latency (RoomStore.appendUpdate commits
 * with synchronous=FULL in WAL mode) and the cold open of a room (Host.openRoom: load the file,
 * apply snapshot + log, read pending rows) against the number of stored updates, with the log
 * left as it is and after compaction. The peer here is no store at all: applying the same
 * updates to a fresh Y.Doc from memory, the floor any store pays on top of.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { Host } from '../../electron/host/host';
import { RoomStore } from '../../electron/host/store/room-store';
import { timelineUpdates } from '../lib/entries';
import { median, percentile } from '../lib/stats';

export interface StoreConfig {
  appends: number;
  sizes: number[];
  /** Cold opens per size and variant (median reported). */
  opens: number;
}

export interface AppendResult {
  appends: number;
  durableP50: number;
  durableP99: number;
  inMemoryApplyP50: number;
  inMemoryApplyP99: number;
}

export interface OpenResult {
  updates: number;
  fileMiB: number;
  logOnlyOpenMs: number;
  compactMs: number;
  compactedFileMiB: number;
  compactedOpenMs: number;
  inMemoryApplyAllMs: number;
  inMemoryApplyMergedMs: number;
}

const NO_COMPACTION = { maxUpdates: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER };

function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function fileMiB(path: string): number {
  let bytes = statSync(path).size;
  try {
    bytes += statSync(`${path}-wal`).size;
  } catch {
    // no WAL left after a clean close
  }
  return bytes / 2 ** 20;
}

export function runAppends(count: number): AppendResult {
  const dir = mkdtempSync(join(tmpdir(), 'bench-append-'));
  try {
    const updates = timelineUpdates(count);
    const store = new RoomStore(join(dir, 'room.sqlite'), NO_COMPACTION);
    const durable = updates.map((update) => timed(() => store.appendUpdate(update, 'local')));
    store.close();
    const doc = new Y.Doc();
    const inMemory = updates.map((update) => timed(() => Y.applyUpdate(doc, update)));
    return {
      appends: count,
      durableP50: percentile(durable, 50),
      durableP99: percentile(durable, 99),
      inMemoryApplyP50: percentile(inMemory, 50),
      inMemoryApplyP99: percentile(inMemory, 99),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median time of `host.openRoom` in a freshly opened Host (the room file not yet open). */
function coldOpenMs(dataDir: string, localId: string, opens: number): number {
  const samples: number[] = [];
  for (let i = 0; i < opens; i += 1) {
    const host = Host.open({
      dataDir,
      compaction: NO_COMPACTION,
      measureClock: false,
      watchNetworkMs: false,
    });
    samples.push(
      timed(() => {
        host.openRoom(localId).close();
      }),
    );
    host.close();
  }
  return median(samples);
}

export async function runColdOpen(updatesCount: number, opens: number): Promise<OpenResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-open-'));
  try {
    const host = Host.open({ dataDir, measureClock: false, watchNetworkMs: false });
    const record = await host.createRoom({ title: `Cold open ${updatesCount}` });
    host.close();
    const path = join(dataDir, 'rooms', `${record.localId}.sqlite`);
    const updates = timelineUpdates(updatesCount);
    // The fixture is written in one transaction straight into the room file's update log (the
    // schema RoomStore created above): a hundred thousand durable appends would take minutes
    // and measure the disk, not the open. Rows are 'remote' (received and already on the relay),
    // as most of a long incident's log would be.
    const db = new Database(path);
    const insert = db.prepare(
      "INSERT INTO updates (data, origin, stored_at) VALUES (?, 'remote', ?)",
    );
    db.transaction(() => {
      for (const update of updates) insert.run(Buffer.from(update), Date.now());
    })();
    db.close();
    const size = fileMiB(path);

    const logOnlyOpenMs = coldOpenMs(dataDir, record.localId, opens);
    const store = new RoomStore(path, NO_COMPACTION);
    const compactMs = timed(() => store.compact());
    store.close();
    const compactedOpenMs = coldOpenMs(dataDir, record.localId, opens);

    const inMemoryApplyAllMs = timed(() => {
      const doc = new Y.Doc();
      Y.transact(doc, () => {
        for (const update of updates) Y.applyUpdate(doc, update);
      });
    });
    const merged = Y.mergeUpdates(updates);
    const inMemoryApplyMergedMs = timed(() => Y.applyUpdate(new Y.Doc(), merged));
    return {
      updates: updatesCount,
      fileMiB: size,
      logOnlyOpenMs,
      compactMs,
      compactedFileMiB: fileMiB(path),
      compactedOpenMs,
      inMemoryApplyAllMs,
      inMemoryApplyMergedMs,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runStore(
  config: StoreConfig,
  log: (line: string) => void,
): Promise<{ append: AppendResult; opens: OpenResult[] }> {
  const append = runAppends(config.appends);
  log(
    `store append: durable p50 ${append.durableP50.toFixed(2)} ms p99 ${append.durableP99.toFixed(2)} ms; ` +
      `in-memory apply p50 ${append.inMemoryApplyP50.toFixed(3)} ms`,
  );
  const opens: OpenResult[] = [];
  for (const size of config.sizes) {
    const result = await runColdOpen(size, config.opens);
    opens.push(result);
    log(
      `store open ${size}: log-only ${result.logOnlyOpenMs.toFixed(0)} ms, compacted ${result.compactedOpenMs.toFixed(0)} ms, ` +
        `in-memory ${result.inMemoryApplyAllMs.toFixed(0)} / merged ${result.inMemoryApplyMergedMs.toFixed(0)} ms`,
    );
  }
  return { append, opens };
}
