/**
 * Offline merge (its own process): person A records N timeline entries while offline, then the
 * network comes back; how long until person B's replica shows all of them. Either two hosts
 * (SQLite, our RelayConnection, A's network cut with a TCP link) or two stock clients of a peer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { Host, operationContextFor } from '../../electron/host';
import type { Person } from '../../shared/doc/types';
import type { OperationContext } from '../../shared/ops/context';
import { declareIncident } from '../../shared/ops/declare';
import { logEntry } from '../../shared/ops/timeline';
import { connectClient } from '../lib/clients';
import { pollUntil, serveRequests } from '../lib/child';
import type { RoomTarget } from '../lib/servers';
import { openTcpLink } from '../lib/tcp-link';

export type OfflineLoadRequest =
  | { type: 'hosts'; relayUrl: string; relayPort: number; entries: number }
  | { type: 'clients'; target: RoomTarget; entries: number };

export interface OfflineLoadResult {
  offlineWriteMs: number;
  reconnectToAllShownMs: number;
  complete: boolean;
}

const SCRIBE: Person = { id: 'u-scribe', name: 'Sol' };
const IC: Person = { id: 'u-ic', name: 'Iris' };
const TIMEOUT_MS = 120_000;

function timelineLength(doc: Y.Doc): number {
  return doc.getMap('timelineEntries').size;
}

function declare(doc: Y.Doc, ctx: OperationContext): void {
  declareIncident(doc, ctx, {
    title: 'Checkout errors after deploy',
    severity: 'SEV2',
    incidentType: 'deploy',
    service: 'checkout-api',
  });
}

function writeEntries(write: (i: number) => void, count: number): number {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) write(i);
  return performance.now() - start;
}

async function hosts(
  request: Extract<OfflineLoadRequest, { type: 'hosts' }>,
): Promise<OfflineLoadResult> {
  const link = await openTcpLink(request.relayPort);
  const dirA = mkdtempSync(join(tmpdir(), 'bench-offline-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'bench-offline-b-'));
  const hostA = Host.open({ dataDir: dirA, watchNetworkMs: false });
  const hostB = Host.open({ dataDir: dirB, watchNetworkMs: false });
  try {
    const record = await hostA.createRoom({ title: 'Offline merge', relayUrl: link.url });
    const a = hostA.openRoom(record.localId);
    const invite = new URL(hostA.inviteLink(record.localId, 'write'));
    invite.searchParams.set('relay', request.relayUrl);
    const b = hostB.openRoom(hostB.joinRoom(invite.toString()).localId);
    await a.whenLive();
    await b.whenLive();
    const ctxA = operationContextFor(a, IC);
    a.edit(() => declare(a.doc, ctxA));
    const before = timelineLength(a.doc);
    await pollUntil(() => timelineLength(b.doc) >= before, 30_000);

    link.cut();
    await pollUntil(() => a.status().connection !== 'live', 10_000);
    const scribe = operationContextFor(a, SCRIBE);
    const offlineWriteMs = writeEntries(
      (i) =>
        a.edit(() =>
          logEntry(a.doc, scribe, {
            text: `Offline note ${i}: replica lag on db-3`,
            kind: 'observation',
          }),
        ),
      request.entries,
    );
    const expected = before + request.entries;
    const start = performance.now();
    link.restore();
    // What the desktop shell does on its 'online' event: retry now instead of after the backoff.
    hostA.networkChanged();
    const complete = await pollUntil(() => timelineLength(b.doc) >= expected, TIMEOUT_MS, 2);
    return { offlineWriteMs, reconnectToAllShownMs: performance.now() - start, complete };
  } finally {
    hostA.close();
    hostB.close();
    await link.close();
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
}

async function clients(
  request: Extract<OfflineLoadRequest, { type: 'clients' }>,
): Promise<OfflineLoadResult> {
  const a = connectClient(request.target);
  const b = connectClient(request.target);
  try {
    await pollUntil(() => a.isSynced() && b.isSynced(), 30_000);
    const ctxA: OperationContext = { actor: IC, now: () => Date.now() };
    declare(a.doc, ctxA);
    const before = timelineLength(a.doc);
    await pollUntil(() => timelineLength(b.doc) >= before, 30_000);

    a.disconnect();
    await pollUntil(() => !a.isSynced(), 10_000);
    const scribe: OperationContext = { actor: SCRIBE, now: () => Date.now(), offline: true };
    const offlineWriteMs = writeEntries(
      (i) =>
        logEntry(a.doc, scribe, {
          text: `Offline note ${i}: replica lag on db-3`,
          kind: 'observation',
        }),
      request.entries,
    );
    const expected = before + request.entries;
    const start = performance.now();
    a.connect();
    const complete = await pollUntil(() => timelineLength(b.doc) >= expected, TIMEOUT_MS, 2);
    return { offlineWriteMs, reconnectToAllShownMs: performance.now() - start, complete };
  } finally {
    a.destroy();
    b.destroy();
  }
}

serveRequests((body) => {
  const request = body as OfflineLoadRequest;
  return request.type === 'hosts' ? hosts(request) : clients(request);
});
