import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol/relay-protocol';

/** A bare websocket to the relay that records every frame, for protocol-level tests. */
export interface RawRelaySocket {
  readonly ws: WebSocket;
  readonly received: Uint8Array[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array | string): void;
  /** Resolves with the first recorded frame (from the start) that `match` accepts. */
  nextFrame(match: (frame: Uint8Array) => boolean, timeoutMs?: number): Promise<Uint8Array>;
}

export type UpgradeOutcome =
  | { readonly kind: 'open'; readonly socket: RawRelaySocket }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly headers: Record<string, unknown>;
    };

export function openRawSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.binaryType = 'nodebuffer';
    const received: Uint8Array[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolveClosed) => {
      ws.on('close', (code, reason) => resolveClosed({ code, reason: reason.toString() }));
    });
    ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    ws.on('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0, headers: response.headers });
      response.resume();
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (ws.readyState === ws.CONNECTING) reject(error);
    });
    ws.on('open', () => {
      const socket: RawRelaySocket = {
        ws,
        received,
        closed,
        send: (frame) => ws.send(frame),
        nextFrame: async (match, timeoutMs = 10_000) => {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const found = received.find(match);
            if (found) return found;
            if (Date.now() > deadline) throw new Error('no matching frame arrived in time');
            await new Promise((r) => setTimeout(r, 5));
          }
        },
      };
      resolve({ kind: 'open', socket });
    });
  });
}

export async function openRawSocketOrThrow(
  url: string,
  headers?: Record<string, string>,
): Promise<RawRelaySocket> {
  const outcome = await openRawSocket(url, headers);
  if (outcome.kind !== 'open') throw new Error(`upgrade refused with ${outcome.status}`);
  return outcome.socket;
}

export function messageType(frame: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(frame));
}

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function syncStep2Frame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A single-entry awareness update for `clientId`, as y-protocols encodes it. */
export function awarenessUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

/** The update a fresh client makes when it appends `text` to the `lines` array. */
export function lineUpdate(text: string, doc: Y.Doc = new Y.Doc()): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getArray<string>('lines').push([text]);
  return Y.encodeStateAsUpdate(doc, before);
}
