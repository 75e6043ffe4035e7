import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { CONFIRM_QUERY_PARAM, MESSAGE_CONFIRMED } from '../../shared/protocol/relay-protocol';
import { connectStockClient } from './relay-clients';

/** A stock y-websocket client that also records what the relay confirmed as durable. */
export interface ConfirmingClient {
  readonly doc: Y.Doc;
  provider: WebsocketProvider;
  /** The newest state vector the relay confirmed (MESSAGE_CONFIRMED), decoded; empty at first. */
  confirmed: Map<number, number>;
  /** The close codes the relay sent this client, in order. */
  readonly closeCodes: number[];
  /** Drops the current connection and connects the same document to another relay. */
  moveTo(wsRoomsUrl: string): void;
}

/**
 * Connects with `?confirm=1`, as the app's hosts do, so a test can tell which of a client's
 * updates a relay acknowledged: exactly those the confirmed state vector covers.
 */
export function connectConfirmingClient(
  wsRoomsUrl: string,
  roomId: string,
  key: string,
): ConfirmingClient {
  const doc = new Y.Doc();
  const client: ConfirmingClient = {
    doc,
    provider: open(wsRoomsUrl),
    confirmed: new Map(),
    closeCodes: [],
    moveTo: (url) => {
      client.provider.destroy();
      client.provider = open(url);
    },
  };
  function open(url: string): WebsocketProvider {
    const { provider } = connectStockClient(url, roomId, key, {
      doc,
      params: { [CONFIRM_QUERY_PARAM]: '1' },
    });
    provider.messageHandlers[MESSAGE_CONFIRMED] = (_encoder, decoder) => {
      client.confirmed = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    };
    provider.on('connection-close', (event: { code: number } | null) => {
      if (event) client.closeCodes.push(event.code);
    });
    return provider;
  }
  return client;
}

/** Whether `state` (a document's state vector) holds everything `confirmed` names. */
export function covers(state: Map<number, number>, confirmed: Map<number, number>): boolean {
  for (const [clientId, clock] of confirmed) {
    if ((state.get(clientId) ?? 0) < clock) return false;
  }
  return true;
}

/**
 * Whether the relay confirmed every update this client made itself. (Its document also holds
 * other clients' updates, which their own relays confirmed to them, not to this one.)
 */
export function ownWritesConfirmed(client: ConfirmingClient): boolean {
  const own = Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID) ?? 0;
  return (client.confirmed.get(client.doc.clientID) ?? 0) >= own;
}
