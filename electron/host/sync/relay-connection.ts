import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { CloseCode, shouldRetry } from '../../../shared/protocol/close-codes';
import { protocolMismatchReason } from '../../../shared/protocol/protocol-version';
import {
  CONFIRM_QUERY_PARAM,
  KEY_QUERY_PARAM,
  MESSAGE_CONFIRMED,
  MESSAGE_SYNC,
  PROTOCOL_QUERY_PARAM,
  RELAY_PROTOCOL_VERSION,
} from '../../../shared/protocol/relay-protocol';
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import { fetchRelayProtocolVersion } from './relay-http';

export type LinkState =
  /**
   * First attempt of this connection in flight. `offlineSince`: when the relay was last lost, if
   * it has not been seen since (carried across a restart of the host); null when nothing failed.
   */
  | { kind: 'connecting'; offlineSince: number | null }
  /** Synced with the relay. */
  | { kind: 'live' }
  /** Lost (or never reached) the relay; retrying with backoff. */
  | { kind: 'offline'; since: number; nextAttemptAt: number | null }
  /**
   * The relay refused us with a close code that retrying cannot fix (or its /healthz showed
   * another protocol version: then `ProtocolMismatch` with the reason the relay would give).
   */
  | { kind: 'refused'; code: number; reason: string }
  | { kind: 'stopped' };

export interface RelayConnectionOptions {
  relayUrl: string;
  roomId: string;
  key: string;
  doc: Y.Doc;
  awareness: Awareness;
  backoff?: BackoffPolicy;
  /** The protocol version this host declares; RELAY_PROTOCOL_VERSION except in tests. */
  protocolVersion?: number;
  /**
   * Reads the version the relay advertises (null: unknown). Defaults to its /healthz; tests
   * replace it to reach the relay's own check, which a mismatch on /healthz would pre-empt.
   */
  readRelayProtocol?: (relayUrl: string) => Promise<number | null>;
  /**
   * When this room last lost the relay, if it has not been live since (carried across restarts
   * of the host, so "offline since" means since the relay was last seen, not since the app opened).
   */
  offlineSince?: number | null;
  onState: (state: LinkState) => void;
  /** The state vector of what the relay has durably stored (MESSAGE_CONFIRMED). */
  onConfirmed: (stateVector: Uint8Array) => void;
  /** A sync step 2 from the relay: its state minus ours, with its whole delete set. */
  onRelayState: (update: Uint8Array) => void;
}

/** The part of a DOM CloseEvent we read (Node's type set has no CloseEvent). */
interface CloseInfo {
  code: number;
  reason: string;
}

type MessageHandler = WebsocketProvider['messageHandlers'][number];

/**
 * The relay refuses bad keys and unknown rooms in the HTTP upgrade, before any websocket exists;
 * the `ws` client reports that as an error event "Unexpected server response: <status>".
 */
export function upgradeRefusalStatus(event: unknown): number | null {
  if (typeof event !== 'object' || event === null || !('message' in event)) return null;
  const match = /Unexpected server response: (\d{3})/.exec(String(event.message));
  return match ? Number(match[1]) : null;
}

/** 4xx answers are final (a new attempt gets the same one), except timeouts and rate limits. */
function isPermanentRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** `http://host:port/base` → `ws://host:port/base/rooms` (the provider appends `/<roomId>`). */
export function roomsSocketBase(relayUrl: string): string {
  return `${relayUrl.replace(/^http/i, 'ws').replace(/\/+$/, '')}/rooms`;
}

/**
 * The y-websocket client to one room on a relay, with reconnects under our control.
 *
 * The stock provider retries on a fixed exponential schedule with no jitter. We take that over:
 * on every closed connection we clear `shouldConnect` (which turns the provider's own scheduled
 * retry into a no-op) and call `connect()` ourselves after a jittered delay, unless the close code
 * says retrying is pointless.
 */
export class RelayConnection {
  readonly provider: WebsocketProvider;
  private state: LinkState;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** HTTP status of a refused websocket upgrade on the current attempt (the relay checks keys there). */
  private refusedUpgradeStatus: number | null = null;
  private readonly backoff: BackoffPolicy;
  private carriedOfflineSince: number | null;
  private readonly protocolVersion: number;
  /** Set once the relay's /healthz showed our protocol version; no need to ask again. */
  private relayProtocolConfirmed = false;
  private readingRelayProtocol = false;

  constructor(private readonly options: RelayConnectionOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.protocolVersion = options.protocolVersion ?? RELAY_PROTOCOL_VERSION;
    this.carriedOfflineSince = options.offlineSince ?? null;
    this.state = { kind: 'connecting', offlineSince: this.carriedOfflineSince };
    this.provider = new WebsocketProvider(
      roomsSocketBase(options.relayUrl),
      options.roomId,
      options.doc,
      {
        connect: false,
        awareness: options.awareness,
        params: {
          [KEY_QUERY_PARAM]: options.key,
          [CONFIRM_QUERY_PARAM]: '1',
          [PROTOCOL_QUERY_PARAM]: String(this.protocolVersion),
        },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        // Node has a BroadcastChannel: two hosts in one process would sync past the relay.
        disableBc: true,
        shouldReconnect: (event: CloseInfo) => shouldRetry(event.code),
      },
    );
    this.installHandlers();
    this.provider.on('sync', (synced) => {
      if (synced) {
        this.attempt = 0;
        this.carriedOfflineSince = null;
        this.setState({ kind: 'live' });
      }
    });
    this.provider.on('connection-error', (event: unknown) => {
      this.refusedUpgradeStatus = upgradeRefusalStatus(event);
    });
    this.provider.on('connection-close', (event: CloseInfo | null) => this.onClose(event));
  }

  private installHandlers(): void {
    const handlers = this.provider.messageHandlers;
    handlers[MESSAGE_CONFIRMED] = (_encoder, decoder) => {
      this.options.onConfirmed(decoding.readVarUint8Array(decoder));
    };
    const stockSync = handlers[MESSAGE_SYNC];
    if (stockSync === undefined) throw new Error('y-websocket has no sync handler');
    const observingSync: MessageHandler = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      const syncType = decoding.readVarUint(peek);
      const update =
        syncType === syncProtocol.messageYjsSyncStep2 ? decoding.readVarUint8Array(peek) : null;
      stockSync(encoder, decoder, provider, emitSynced, messageType);
      if (update !== null) this.options.onRelayState(update);
    };
    handlers[MESSAGE_SYNC] = observingSync;
  }

  get linkState(): LinkState {
    return this.state;
  }

  start(): void {
    this.connect();
  }

  /**
   * Retry now instead of waiting out the backoff: call when the network comes back (the desktop
   * shell's online event, resume from sleep) or when the person presses "retry".
   */
  reconnectNow(): void {
    if (this.stopped) return;
    this.attempt = 0;
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (this.state.kind === 'offline') this.setState({ ...this.state, nextAttemptAt: Date.now() });
    if (this.provider.ws === null) this.connect();
  }

  /** Asks the relay for its state again (its answer carries its full delete set); false if not connected. */
  requestRelayState(): boolean {
    const socket = this.provider.ws;
    if (!this.provider.wsconnected || socket === null || socket.readyState !== WebSocket.OPEN) {
      return false;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.options.doc);
    socket.send(encoding.toUint8Array(encoder));
    return true;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.provider.destroy();
    this.setState({ kind: 'stopped' });
  }

  private onClose(event: CloseInfo | null): void {
    // Silence the provider's own retry; ours follows.
    this.provider.shouldConnect = false;
    if (this.stopped) return;
    const refusedStatus = this.refusedUpgradeStatus;
    this.refusedUpgradeStatus = null;
    if (refusedStatus !== null && isPermanentRefusal(refusedStatus)) {
      // The same 44xx scheme as close codes: 401 → 4401 (key missing), 403 → 4403, 404 → 4404.
      this.setState({
        kind: 'refused',
        code: 4000 + refusedStatus,
        reason: `HTTP ${refusedStatus}`,
      });
      return;
    }
    if (event !== null && !shouldRetry(event.code)) {
      this.setState({ kind: 'refused', code: event.code, reason: event.reason });
      return;
    }
    const delay = backoffDelay(this.attempt, this.backoff);
    this.attempt += 1;
    const since =
      this.state.kind === 'offline' ? this.state.since : (this.carriedOfflineSince ?? Date.now());
    this.carriedOfflineSince = null;
    this.setState({ kind: 'offline', since, nextAttemptAt: Date.now() + delay });
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /**
   * Opens the websocket, after reading the relay's protocol version until it once matched: a
   * relay from before the version check would serve a host of any version without a word.
   */
  private connect(): void {
    if (this.stopped || this.readingRelayProtocol) return;
    if (this.relayProtocolConfirmed) {
      this.provider.connect();
      return;
    }
    this.readingRelayProtocol = true;
    const read = this.options.readRelayProtocol ?? fetchRelayProtocolVersion;
    void read(this.options.relayUrl)
      .catch(() => null)
      .then((relayVersion) => {
        this.readingRelayProtocol = false;
        if (this.stopped) return;
        if (relayVersion !== null && relayVersion !== this.protocolVersion) {
          const reason = protocolMismatchReason({
            relayVersion,
            clientVersion: this.protocolVersion,
          });
          this.setState({ kind: 'refused', code: CloseCode.ProtocolMismatch, reason });
          return;
        }
        // Unknown (unreachable, say): the websocket attempt decides, and the next one asks again.
        this.relayProtocolConfirmed = relayVersion !== null;
        this.provider.connect();
      });
  }

  private setState(next: LinkState): void {
    this.state = next;
    this.options.onState(next);
  }
}
