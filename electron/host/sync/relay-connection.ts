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
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { type RelayHealthFacts, fetchRelayHealth } from './relay-http';
import { RelayRotation, type RotationStep } from './relay-rotation';

export type LinkState =
  /**
   * First attempt of this connection in flight. `offlineSince`: when the relay was last lost, if
   * it has not been seen since (carried across a restart of the host); null when nothing failed.
   */
  | { kind: 'connecting'; offlineSince: number | null }
  /**
   * Synced with a relay: the room's own, or one its relays advertised (`relayUrl` says which;
   * the room keeps its own relay as its identity either way).
   */
  | { kind: 'live'; relayUrl: string }
  /** Lost (or never reached) the relay; retrying with backoff. */
  | { kind: 'offline'; since: number; nextAttemptAt: number | null }
  /**
   * The relay refused us with a close code that retrying cannot fix (or its /healthz showed
   * another protocol version: then `ProtocolMismatch` with the reason the relay would give).
   */
  | { kind: 'refused'; code: number; reason: string }
  | { kind: 'stopped' };

export interface RelayConnectionOptions {
  /** The room's relay: tried first, and whose /healthz names the alternates. */
  relayUrl: string;
  /**
   * Other relays serving the same rooms, as learnt before (kept by the host, so a host started
   * while the room's relay is dead can still reach another).
   */
  alternates?: readonly string[];
  /** The room's relay advertised these alternates (normalized, without itself) on its /healthz. */
  onAlternatesLearned?: (alternates: string[]) => void;
  roomId: string;
  key: string;
  doc: Y.Doc;
  awareness: Awareness;
  backoff?: BackoffPolicy;
  /** The protocol version this host declares; RELAY_PROTOCOL_VERSION except in tests. */
  protocolVersion?: number;
  /**
   * Reads the version and the relay addresses a relay advertises (null: unknown). Defaults to
   * its /healthz; tests replace it to reach the relay's own check, which a mismatch on /healthz
   * would pre-empt.
   */
  readRelayHealth?: (relayUrl: string) => Promise<RelayHealthFacts | null>;
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
 * How long a websocket may take to open before the attempt counts as failed. Without it, a relay
 * whose machine vanished (no TCP reset) holds the attempt for the operating system's connect
 * timeout, minutes, before the host moves to another relay.
 */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The `ws` client with a handshake timeout, in the shape y-websocket constructs. */
class TimedWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
  }
}

/**
 * Refusals that say "this relay does not serve this room" rather than "this room or this app is
 * wrong": from an alternate they only take that address out of the rotation.
 */
function isAddressSpecific(code: number): boolean {
  return code === CloseCode.RoomNotFound || code === CloseCode.ProtocolMismatch;
}

/**
 * The y-websocket client to one room, on its relay or on another relay serving the same rooms,
 * with reconnects under our control.
 *
 * The stock provider retries on a fixed exponential schedule with no jitter, always to the same
 * address. We take that over: on every closed connection we clear `shouldConnect` (which turns
 * the provider's own scheduled retry into a no-op), ask RelayRotation for the next address and
 * the jittered delay, point the provider there and call `connect()` ourselves, unless the close
 * code says retrying is pointless. One provider for every address keeps one binding to the doc
 * and the awareness; what the relay confirms is read from whichever socket is open.
 */
export class RelayConnection {
  readonly provider: WebsocketProvider;
  private state: LinkState;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** HTTP status of a refused websocket upgrade on the current attempt (the relay checks keys there). */
  private refusedUpgradeStatus: number | null = null;
  private readonly rotation: RelayRotation;
  /** The address of the socket in flight (or last opened). */
  private socketAddress: string;
  private carriedOfflineSince: number | null;
  private readonly protocolVersion: number;
  /** Addresses whose /healthz showed our protocol version: no need to ask them again. */
  private readonly protocolConfirmed = new Set<string>();
  private readingRelayHealth = false;

  constructor(private readonly options: RelayConnectionOptions) {
    this.protocolVersion = options.protocolVersion ?? RELAY_PROTOCOL_VERSION;
    this.carriedOfflineSince = options.offlineSince ?? null;
    this.state = { kind: 'connecting', offlineSince: this.carriedOfflineSince };
    this.rotation = new RelayRotation(
      options.relayUrl,
      options.alternates ?? [],
      options.backoff ?? DEFAULT_BACKOFF,
    );
    this.socketAddress = options.relayUrl;
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
        WebSocketPolyfill: TimedWebSocket as unknown as typeof globalThis.WebSocket,
        // Node has a BroadcastChannel: two hosts in one process would sync past the relay.
        disableBc: true,
        shouldReconnect: (event: CloseInfo) => shouldRetry(event.code),
      },
    );
    this.installHandlers();
    this.provider.on('sync', (synced) => {
      if (synced) {
        this.rotation.live();
        this.carriedOfflineSince = null;
        this.setState({ kind: 'live', relayUrl: this.socketAddress });
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

  /** The room's relay first, then the alternates not left out: where this connection may go. */
  get relayAddresses(): string[] {
    return this.rotation.usable;
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
    this.rotation.restart();
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
    let refusal: CloseInfo | null = null;
    if (refusedStatus !== null && isPermanentRefusal(refusedStatus)) {
      // The same 44xx scheme as close codes: 401 → 4401 (key missing), 403 → 4403, 404 → 4404.
      refusal = { code: 4000 + refusedStatus, reason: `HTTP ${refusedStatus}` };
    } else if (event !== null && !shouldRetry(event.code)) {
      refusal = event;
    }
    if (refusal === null) {
      this.retryAfter(this.rotation.failed());
    } else if (!this.rotation.isHome(this.socketAddress) && isAddressSpecific(refusal.code)) {
      this.retryAfter(this.rotation.refusedHere());
    } else {
      this.setState({ kind: 'refused', code: refusal.code, reason: refusal.reason });
    }
  }

  /** Offline until the step's moment, then an attempt on its address. */
  private retryAfter(step: RotationStep): void {
    const since =
      this.state.kind === 'offline' ? this.state.since : (this.carriedOfflineSince ?? Date.now());
    this.carriedOfflineSince = null;
    this.setState({ kind: 'offline', since, nextAttemptAt: Date.now() + step.delayMs });
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, step.delayMs);
  }

  /**
   * Opens the websocket on the rotation's address, after reading that relay's /healthz until it
   * once showed our protocol version: a relay from before the version check would serve a host
   * of any version without a word. The room's own relay's answer also names the alternates.
   */
  private connect(): void {
    if (this.stopped || this.readingRelayHealth) return;
    const address = this.rotation.address;
    if (this.protocolConfirmed.has(address)) {
      this.openSocket(address);
      return;
    }
    this.readingRelayHealth = true;
    const read = this.options.readRelayHealth ?? fetchRelayHealth;
    void read(address)
      .catch(() => null)
      .then((health) => {
        this.readingRelayHealth = false;
        if (this.stopped) return;
        if (health !== null && this.rotation.isHome(address)) this.learnAlternates(health.relays);
        if (health !== null && health.protocolVersion !== this.protocolVersion) {
          this.onProtocolMismatch(address, health.protocolVersion);
          return;
        }
        // Unknown (unreachable, say): the websocket attempt decides, and the next one asks again.
        if (health !== null) this.protocolConfirmed.add(address);
        this.openSocket(address);
      });
  }

  private openSocket(address: string): void {
    this.socketAddress = address;
    this.provider.serverUrl = roomsSocketBase(address);
    this.provider.connect();
  }

  private learnAlternates(advertised: readonly string[]): void {
    const before = this.rotation.alternates.join('\n');
    this.rotation.learn(advertised);
    const alternates = this.rotation.alternates;
    if (alternates.join('\n') !== before) this.options.onAlternatesLearned?.(alternates);
  }

  /** Final on the room's own relay; another relay of another version is only left out. */
  private onProtocolMismatch(address: string, relayVersion: number): void {
    if (!this.rotation.isHome(address)) {
      this.retryAfter(this.rotation.refusedHere());
      return;
    }
    const reason = protocolMismatchReason({ relayVersion, clientVersion: this.protocolVersion });
    this.setState({ kind: 'refused', code: CloseCode.ProtocolMismatch, reason });
  }

  private setState(next: LinkState): void {
    this.state = next;
    this.options.onState(next);
  }
}
