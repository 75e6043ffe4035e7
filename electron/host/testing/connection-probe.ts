import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  type LinkState,
  RelayConnection,
  type RelayConnectionOptions,
} from '../sync/relay-connection';
import { TEST_BACKOFF } from './test-fixtures';

/** A RelayConnection on a doc of its own, with what it did recorded for the test to read. */
export interface ConnectionProbe {
  connection: RelayConnection;
  doc: Y.Doc;
  states: LinkState[];
  /** Each websocket attempt opened (the provider's `connecting` status): when, and to where. */
  attempts: { at: number; url: string }[];
}

/**
 * Starts a connection to a room on its own doc (TEST_BACKOFF unless `options` says otherwise);
 * the caller stops it.
 */
export function startConnectionProbe(
  options: Pick<RelayConnectionOptions, 'relayUrl' | 'roomId' | 'key'> &
    Partial<Omit<RelayConnectionOptions, 'doc' | 'awareness' | 'onState'>>,
): ConnectionProbe {
  const doc = new Y.Doc();
  const states: LinkState[] = [];
  const attempts: ConnectionProbe['attempts'] = [];
  const connection = new RelayConnection({
    backoff: TEST_BACKOFF,
    onConfirmed: () => undefined,
    onRelayState: () => undefined,
    ...options,
    doc,
    awareness: new Awareness(doc),
    onState: (state) => states.push(state),
  });
  connection.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connecting') attempts.push({ at: Date.now(), url: connection.provider.url });
  });
  connection.start();
  return { connection, doc, states, attempts };
}
