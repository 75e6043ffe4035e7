/**
 * Events API load, run as two processes so neither slows the other's clock: the **people** (a
 * person's stock client declares the incident and can first fill the timeline to a given size; a
 * read-only watcher stays connected and must see every event, as the people in the room would)
 * and the **script** (a rollback script or importer posting events, `inFlight` requests at once
 * over HTTP keep-alive, each waiting for its `201`, which the relay sends only once the event is
 * on disk).
 */
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import type { Person } from '../../shared/doc/types';
import type { OperationContext } from '../../shared/ops/context';
import { declareIncident } from '../../shared/ops/declare';
import { logEntry } from '../../shared/ops/timeline';
import { roomEventsPath } from '../../shared/protocol/relay-http';
import { connectClient, type BenchClient } from '../lib/clients';
import { pollUntil, serveRequests } from '../lib/child';
import { ENTRY_TEXTS } from '../lib/entries';
import { jsonPoster, type HttpClientKind } from '../lib/json-poster';

export interface EventsRoom {
  relayUrl: string;
  wsRoomsUrl: string;
  roomId: string;
  writeKey: string;
  readKey: string;
}

export type EventsLoadRequest =
  /** People: declare, fill to `fillTo` entries, keep the watcher connected. */
  | { type: 'prepare'; room: EventsRoom; fillTo: number }
  /** People: wait until the watcher holds `entries` timeline entries. */
  | { type: 'await-entries'; entries: number; timeoutMs: number }
  /** Script: post the events. */
  | {
      type: 'post';
      room: EventsRoom;
      events: number;
      batchSize: number | null;
      inFlight: number;
      client: HttpClientKind;
    }
  | { type: 'close' };

export interface EventsPrepareResult {
  /** Timeline entries in the room before the script starts. */
  entries: number;
  fillMs: number;
}

export interface EventsPostResult {
  /** Events accepted (answered 201). */
  events: number;
  requests: number;
  /** First request sent → last `201` received. */
  elapsedMs: number;
  /** Each request's time from sending to its answer. */
  latenciesMs: number[];
  /** Answers other than 201, by status, and the first refusal's body. */
  refused: Record<string, number>;
  firstRefusal: string | null;
  /** CPU time (user + system) of the script's process while posting. */
  loadCpuMs: number;
}

export interface EventsEntriesResult {
  /** Timeline entries at the watcher once it held the expected number (or at the timeout). */
  entries: number;
  complete: boolean;
}

const IC: Person = { id: 'u-ic', name: 'Iris' };
const SCRIBE: Person = { id: 'u-scribe', name: 'Sol' };
/** Entries per transaction while filling: a few large updates, well under the message limit. */
const FILL_CHUNK = 500;

let writer: BenchClient | null = null;
let watcher: BenchClient | null = null;
let eventCounter = 0;

function timelineLength(doc: Y.Doc): number {
  return doc.getMap('timelineEntries').size;
}

function connect(room: EventsRoom, key: string): BenchClient {
  return connectClient({ kind: 'ours', wsUrl: room.wsRoomsUrl, roomId: room.roomId, key });
}

async function prepare(
  request: Extract<EventsLoadRequest, { type: 'prepare' }>,
): Promise<EventsPrepareResult> {
  writer = connect(request.room, request.room.writeKey);
  watcher = connect(request.room, request.room.readKey);
  const people = [writer, watcher];
  if (!(await pollUntil(() => people.every((c) => c.isSynced()), 30_000))) {
    throw new Error('the clients did not sync');
  }
  const started = performance.now();
  const ic: OperationContext = { actor: IC, now: Date.now };
  declareIncident(writer.doc, ic, {
    title: 'Checkout errors after deploy',
    severity: 'SEV2',
    incidentType: 'deploy',
    service: 'checkout-api',
  });
  const scribe: OperationContext = { actor: SCRIBE, now: Date.now };
  const doc = writer.doc;
  while (timelineLength(doc) < request.fillTo) {
    doc.transact(() => {
      const chunkEnd = Math.min(request.fillTo, timelineLength(doc) + FILL_CHUNK);
      for (let i = timelineLength(doc); i < chunkEnd; i += 1) {
        logEntry(doc, scribe, {
          text: `${ENTRY_TEXTS[i % ENTRY_TEXTS.length] ?? ''} (#${i})`,
          kind: 'observation',
        });
      }
    });
  }
  const target = timelineLength(doc);
  // The watcher gets an update only once the relay has stored it: then the room really is full.
  if (!(await pollUntil(() => timelineLength(watcher!.doc) >= target, 120_000))) {
    throw new Error(`the watcher saw ${timelineLength(watcher.doc)} of ${target} entries`);
  }
  // The person leaves; the script logs into a room only the watcher has open.
  writer.destroy();
  writer = null;
  return { entries: target, fillMs: performance.now() - started };
}

/** What a rollback script says: actions by a bot, now and then with the time it happened. */
function nextEvent(): Record<string, unknown> {
  eventCounter += 1;
  const event: Record<string, unknown> = {
    text: `Rollback step ${eventCounter}: ${ENTRY_TEXTS[eventCounter % ENTRY_TEXTS.length] ?? ''}`,
    kind: 'action',
    author: 'deploy-bot',
  };
  if (eventCounter % 10 === 0) event.at = new Date(Date.now() - 5_000).toISOString();
  return event;
}

async function post(
  request: Extract<EventsLoadRequest, { type: 'post' }>,
): Promise<EventsPostResult> {
  const { room } = request;
  const url = `${room.relayUrl}${roomEventsPath(room.roomId)}`;
  const perRequest = request.batchSize ?? 1;
  const requests = Math.ceil(request.events / perRequest);
  const latenciesMs: number[] = [];
  const refused: Record<string, number> = {};
  let firstRefusal: string | null = null;
  let accepted = 0;
  let nextRequest = 0;
  const poster = jsonPoster(
    request.client,
    url,
    { authorization: `Bearer ${room.writeKey}` },
    request.inFlight,
  );

  async function worker(): Promise<void> {
    while (nextRequest < requests) {
      nextRequest += 1;
      const count = Math.min(perRequest, request.events - (nextRequest - 1) * perRequest);
      const events = Array.from({ length: count }, nextEvent);
      const body = JSON.stringify(request.batchSize === null ? events[0] : events);
      const sent = performance.now();
      let status: string;
      let answer: string;
      try {
        const response = await poster.post(body);
        answer = response.text;
        status = String(response.status);
      } catch (error) {
        // A dropped connection is a refusal too; the script would report it and go on.
        status = 'network';
        answer = String((error as { cause?: unknown }).cause ?? error);
      }
      latenciesMs.push(performance.now() - sent);
      if (status === '201') {
        accepted += count;
      } else {
        refused[status] = (refused[status] ?? 0) + 1;
        firstRefusal ??= answer;
      }
    }
  }

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: request.inFlight }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  poster.close();
  return {
    events: accepted,
    requests,
    elapsedMs,
    latenciesMs,
    refused,
    firstRefusal,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function awaitEntries(
  request: Extract<EventsLoadRequest, { type: 'await-entries' }>,
): Promise<EventsEntriesResult> {
  const doc = watcher?.doc;
  if (!doc) throw new Error('prepare first');
  const complete = await pollUntil(() => timelineLength(doc) >= request.entries, request.timeoutMs);
  return { entries: timelineLength(doc), complete };
}

serveRequests(async (body) => {
  const request = body as EventsLoadRequest;
  switch (request.type) {
    case 'prepare':
      return prepare(request);
    case 'await-entries':
      return awaitEntries(request);
    case 'post':
      return post(request);
    case 'close':
      writer?.destroy();
      watcher?.destroy();
      writer = null;
      watcher = null;
      return null;
  }
});
