/**
 * Load generator for the fan-out scenarios (its own process). Every client (or the first
 * `writersPerRoom` of each room) appends a timeline entry (a format-2 record, as the app logs) at a
 * steady rate with a random phase; every other client in the room records when it arrives. All
 * clients share this process's monotonic clock.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { appendEntryRecord, benchEntryRecord } from '../lib/entries';
import { connectClient, type BenchClient } from '../lib/clients';
import { pollUntil, serveRequests, sleep } from '../lib/child';
import type { RoomTarget } from '../lib/servers';

export interface FanoutLoadRequest {
  rooms: RoomTarget[][];
  intervalMs: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  textBytes: number;
  /** Clients per room that write, the first ones of its list (default: all of them). */
  writersPerRoom?: number;
  /**
   * After the drain, wait up to this long more for deliveries still missing (default 0): what is
   * missing then is lost, not late. Deliveries arriving meanwhile count with their full latency.
   */
  lossWaitMs?: number;
}

export interface FanoutLoadResult {
  connectMs: number;
  unsyncedClients: number;
  /** Edit → arrival at one other client, ms, for edits made in the measuring window. */
  deliveries: number[];
  /** Edit → arrival at the last other client in the room, ms. */
  editComplete: number[];
  editsMeasured: number;
  deliveriesExpected: number;
  /** Deliveries of measured edits still missing `drainMs` after the last edit. */
  deliveriesMissing: number;
  /** Still missing after `lossWaitMs` more (equals deliveriesMissing when there is no wait). */
  deliveriesLost: number;
  /** Rooms whose clients' documents (every edit, warm-up included) differ at the end. */
  roomsDiverged: number;
}

interface PendingEdit {
  sentAt: number;
  remaining: number;
}

const FILLER =
  'db primary failover; replica lag 4.2 s; p99 checkout latency 2.1 s; rolling back v41 ';

function entryText(bytes: number, seq: number): string {
  const text = `#${seq} ${FILLER.repeat(Math.ceil(bytes / FILLER.length))}`;
  return text.slice(0, bytes);
}

async function run(request: FanoutLoadRequest): Promise<FanoutLoadResult> {
  const connectStart = performance.now();
  const rooms: BenchClient[][] = request.rooms.map((targets) =>
    targets.map((t) => connectClient(t)),
  );
  const all = rooms.flat();
  await pollUntil(() => all.every((c) => c.isSynced()), 60_000);
  const connectMs = performance.now() - connectStart;
  const unsyncedClients = all.filter((c) => !c.isSynced()).length;

  const pending = new Map<string, PendingEdit>();
  const deliveries: number[] = [];
  const editComplete: number[] = [];
  let measuring = false;
  let editsMeasured = 0;

  for (const room of rooms) {
    for (const client of room) {
      client.doc.getMap<unknown>('timelineEntries').observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        // Yjs types the keys as `any`; a Y.Map's keys are strings.
        for (const id of event.keysChanged as Set<string>) {
          const edit = pending.get(id);
          if (!edit) continue;
          deliveries.push(now - edit.sentAt);
          edit.remaining -= 1;
          if (edit.remaining === 0) editComplete.push(now - edit.sentAt);
        }
      });
    }
  }

  const timers: NodeJS.Timeout[] = [];
  let seq = 0;
  rooms.forEach((room, roomIndex) => {
    room.slice(0, request.writersPerRoom ?? room.length).forEach((client, clientIndex) => {
      const author = `load-${roomIndex}-${clientIndex}`;
      const edit = () => {
        seq += 1;
        const id = `${author}-${seq}`;
        if (measuring) {
          pending.set(id, { sentAt: performance.now(), remaining: room.length - 1 });
          editsMeasured += 1;
        }
        const recordedAt = new Date().toISOString();
        const person = { id: author, name: author };
        const text = entryText(request.textBytes, seq);
        appendEntryRecord(client.doc, benchEntryRecord(id, recordedAt, person, text));
      };
      const phase = Math.random() * request.intervalMs;
      timers.push(
        setTimeout(() => {
          edit();
          timers.push(setInterval(edit, request.intervalMs));
        }, phase),
      );
    });
  });

  await sleep(request.warmupMs);
  measuring = true;
  await sleep(request.measureMs);
  measuring = false;
  for (const timer of timers) clearTimeout(timer);
  await sleep(request.drainMs);

  const stillMissing = () => [...pending.values()].reduce((n, edit) => n + edit.remaining, 0);
  const missing = stillMissing();
  if (missing > 0 && (request.lossWaitMs ?? 0) > 0) {
    await pollUntil(() => stillMissing() === 0, request.lossWaitMs ?? 0, 100);
  }
  const lost = stillMissing();
  const perRoom = request.rooms[0]?.length ?? 0;
  const roomsDiverged = rooms.filter((room) => !sameState(room)).length;
  for (const client of all) client.destroy();
  await sleep(100);
  return {
    connectMs,
    unsyncedClients,
    deliveries,
    editComplete,
    editsMeasured,
    deliveriesExpected: pending.size * (perRoom - 1),
    deliveriesMissing: missing,
    deliveriesLost: lost,
    roomsDiverged,
  };
}

/** Whether every client of a room holds the same updates (equal state vectors, in any order). */
function sameState(room: readonly BenchClient[]): boolean {
  const [first, ...others] = room.map((client) =>
    Y.decodeStateVector(Y.encodeStateVector(client.doc)),
  );
  if (!first) return true;
  return others.every(
    (vector) =>
      vector.size === first.size &&
      [...vector].every(([clientId, clock]) => first.get(clientId) === clock),
  );
}

serveRequests((body) => run(body as FanoutLoadRequest));
