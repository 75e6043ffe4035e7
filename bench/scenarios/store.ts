/**
 * Scenario 4, the host's local store. Durable append latency (RoomStore.appendUpdate commits
 * with synchronous=FULL in WAL mode) and the cold open of a room (Host.openRoom in a fresh Host:
 * open and check the file, read snapshot + log, apply them, read pending rows) against the number
 * of stored updates, with the log left as it is and after compaction, for two update streams:
 *
 * - "entries": every update is one new timeline entry (bench/lib/entries.ts), the worst case for
 *   the document's size;
 * - "entries, format 1": the same entries as document format 1 wrote them (a Y.Map each, #19's
 *   peer: what format 2 replaced);
 * - "incident mix": what a long incident's log looks like in this app (bench/lib/incident-mix.ts):
 *   the status draft typed keystroke by keystroke, ~3 % whole entries, a few pins and edits.
 *
 * The peer here is no store at all: applying the same updates to a fresh Y.Doc in memory, one
 * by one ("apply all", the floor of a log-only open) and as one merged update ("apply merged",
 * the same bytes compaction writes, the floor of a compacted open). Ratios are ours / that floor.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { Host } from '../../electron/host/host';
import { mergeAll, RoomStore } from '../../electron/host/store/room-store';
import { timelineUpdates } from '../lib/entries';
import { type IncidentMixCounts, incidentMixUpdates } from '../lib/incident-mix';
import { median, percentile } from '../lib/stats';

export type StoreStream = 'entries' | 'entries, format 1' | 'incident mix';
export const STORE_STREAMS: readonly StoreStream[] = [
  'entries',
  'entries, format 1',
  'incident mix',
];

export interface StoreConfig {
  appends: number;
  sizes: number[];
  /** Cold opens per size and variant (median reported), for sizes over 10,000 updates. */
  opens: number;
  /**
   * Cold opens for sizes up to 10,000: they take well under a second, and on a shared machine a
   * median of three of them still swung 3× between runs (the same apply of the same bytes took
   * 7–82 ms in ten tries in a row).
   */
  opensSmall: number;
}

export interface AppendResult {
  appends: number;
  durableP50: number;
  durableP99: number;
  inMemoryApplyP50: number;
  inMemoryApplyP99: number;
}

export interface OpenResult {
  stream: StoreStream;
  updates: number;
  /** What the stream's updates are (the incident mix only). */
  mix: IncidentMixCounts | null;
  buildMs: number;
  fileMiB: number;
  logOnlyOpenMs: number;
  compactMs: number;
  compactedFileMiB: number;
  compactedOpenMs: number;
  inMemoryApplyAllMs: number;
  inMemoryApplyMergedMs: number;
  /**
   * Applying the state as a Yjs doc encodes it (Y.encodeStateAsUpdate of the applied doc): deleted
   * content collapsed, unlike a merge of the stored updates. What an open room's compaction writes,
   * so the floor of a compacted open.
   */
  inMemoryApplyEncodedMs: number;
  encodedMiB: number;
  /** Every open, in order (the medians above come from these). */
  logOnlyOpenSamples: number[];
  compactedOpenSamples: number[];
}

const NO_COMPACTION = { maxUpdates: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER };

/**
 * A full garbage collection before every timed open or apply. Each one builds a document of up to
 * hundreds of MiB; without this, collecting one measurement's garbage lands in the next
 * measurement (ours or the floor's, whichever comes next) and doubled single figures here. A cold
 * open in a freshly started app starts from a small heap too. (`--expose-gc` set at run time,
 * since `npm run bench` starts node without it.)
 */
let gc: (() => void) | null = null;
function collectGarbage(): void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** `timed` from a collected heap: for the opens, applies and compactions (see collectGarbage). */
function timedClean(work: () => void): number {
  collectGarbage();
  return timed(work);
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

/** A Host that never compacts on its own and does no network work: only what is timed runs. */
function quietHost(dataDir: string): Host {
  return Host.open({
    dataDir,
    compaction: NO_COMPACTION,
    measureClock: false,
    watchNetworkMs: false,
  });
}

/** One `host.openRoom` in a freshly opened Host (the room file not yet open), in ms. */
function coldOpenMs(dataDir: string, localId: string): number {
  const host = quietHost(dataDir);
  try {
    collectGarbage();
    const start = performance.now();
    const session = host.openRoom(localId);
    const ms = performance.now() - start;
    session.close();
    return ms;
  } finally {
    host.close();
  }
}

function applyAllMs(updates: readonly Uint8Array[]): number {
  const doc = new Y.Doc();
  // One transaction around all of them, as RoomSession applies snapshot and log.
  return timedClean(() =>
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    }),
  );
}

function streamUpdates(
  stream: StoreStream,
  count: number,
): { updates: Uint8Array[]; mix: IncidentMixCounts | null } {
  if (stream === 'entries') return { updates: timelineUpdates(count), mix: null };
  if (stream === 'entries, format 1') return { updates: timelineUpdates(count, 1, 1), mix: null };
  const { updates, counts } = incidentMixUpdates(count);
  return { updates, mix: counts };
}

export async function runColdOpen(
  stream: StoreStream,
  updatesCount: number,
  opens: number,
): Promise<OpenResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-open-'));
  try {
    const host = Host.open({ dataDir, measureClock: false, watchNetworkMs: false });
    const record = await host.createRoom({ title: `Cold open ${updatesCount}` });
    host.close();
    const path = join(dataDir, 'rooms', `${record.localId}.sqlite`);
    const buildStart = performance.now();
    const { updates, mix } = streamUpdates(stream, updatesCount);
    const buildMs = performance.now() - buildStart;
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

    // Ours and the floor alternate, so a burst of load on the shared machine hits both.
    const logOnly: number[] = [];
    const applyAll: number[] = [];
    for (let i = 0; i < opens; i += 1) {
      logOnly.push(coldOpenMs(dataDir, record.localId));
      applyAll.push(applyAllMs(updates));
    }
    // Compaction as the app runs it: in an open room, from the live document's state (see
    // RoomStore.compact). The room is opened first, outside the timing.
    const compactMs = (() => {
      const host = quietHost(dataDir);
      try {
        const session = host.openRoom(record.localId);
        const ms = timedClean(() => session.compactNow());
        session.close();
        return ms;
      } finally {
        host.close();
      }
    })();
    // What compacting a closed room writes: Y.mergeUpdates of the log, in the store's groups (one
    // call over 100k updates would take minutes, see mergeAll). Kept for comparison.
    const merged = mergeAll(updates);
    const encoded = (() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, merged);
      return Y.encodeStateAsUpdate(doc);
    })();
    const compacted: number[] = [];
    const applyMerged: number[] = [];
    const applyEncoded: number[] = [];
    for (let i = 0; i < opens; i += 1) {
      compacted.push(coldOpenMs(dataDir, record.localId));
      applyMerged.push(timedClean(() => Y.applyUpdate(new Y.Doc(), merged)));
      applyEncoded.push(timedClean(() => Y.applyUpdate(new Y.Doc(), encoded)));
    }
    return {
      stream,
      updates: updatesCount,
      mix,
      buildMs,
      fileMiB: size,
      logOnlyOpenMs: median(logOnly),
      compactMs,
      compactedFileMiB: fileMiB(path),
      compactedOpenMs: median(compacted),
      inMemoryApplyAllMs: median(applyAll),
      inMemoryApplyMergedMs: median(applyMerged),
      inMemoryApplyEncodedMs: median(applyEncoded),
      encodedMiB: encoded.byteLength / 2 ** 20,
      logOnlyOpenSamples: logOnly,
      compactedOpenSamples: compacted,
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
  // Untimed: the first open in a process pays for compiling the open path and Yjs; without this
  // the first size's figures would measure the JIT, and our side more than the floor measured after it.
  for (const stream of STORE_STREAMS) await runColdOpen(stream, 200, 1);
  const opens: OpenResult[] = [];
  for (const stream of STORE_STREAMS) {
    for (const size of config.sizes) {
      const count = size <= 10_000 ? config.opensSmall : config.opens;
      const result = await runColdOpen(stream, size, count);
      opens.push(result);
      log(
        `store open ${stream} ${size} (built in ${result.buildMs.toFixed(0)} ms): ` +
          `log-only ${result.logOnlyOpenMs.toFixed(0)} ms (apply all ${result.inMemoryApplyAllMs.toFixed(0)}), ` +
          `compaction ${result.compactMs.toFixed(0)} ms, compacted ${result.compactedOpenMs.toFixed(0)} ms ` +
          `(apply merged ${result.inMemoryApplyMergedMs.toFixed(0)}, encoded ${result.inMemoryApplyEncodedMs.toFixed(0)})`,
      );
    }
  }
  return { append, opens };
}
