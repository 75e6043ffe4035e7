import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import type { WebSocket, RawData } from 'ws';
import { CloseCode, type CloseCodeName } from '../../shared/protocol/close-codes';
import { encodeConfirmedMessage } from '../../shared/protocol/confirmed-message';
import { MESSAGE_SYNC } from '../../shared/protocol/relay-protocol';
import type { RoomAccess } from '../auth/room-keys';
import { TokenBucket } from '../limits/token-bucket';
import type { RelayLogger } from '../logging/logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { Room, RoomMember } from '../rooms/room';
import { decodeClientMessage, MalformedMessageError } from './decode-client-message';

const SYNC_STEP_2 = 1;

export interface ConnectionLimits {
  readonly maxMessageBytes: number;
  readonly messageBurst: number;
  readonly messagesPerSecond: number;
  readonly readOnlyAwarenessBurst: number;
  readonly readOnlyAwarenessPerSecond: number;
  readonly handshakeTimeoutMs: number;
  readonly confirmDelayMs: number;
  readonly maxBufferedBytes: number;
}

export interface ConnectionOptions {
  readonly socket: WebSocket;
  readonly room: Room;
  readonly access: RoomAccess;
  readonly wantsConfirm: boolean;
  readonly address: string;
  readonly limits: ConnectionLimits;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  readonly onClosed: (connection: RelayConnection, code: number) => void;
}

/**
 * The socket adapter: turns websocket frames into room operations and room fan-out into frames.
 * It owns everything per connection (limits, confirm coalescing, liveness), nothing per room.
 */
export class RelayConnection implements RoomMember {
  readonly room: Room;
  readonly access: RoomAccess;
  private readonly socket: WebSocket;
  private readonly messages: TokenBucket;
  private readonly readOnlyPresence: TokenBucket;
  private logChild: RelayLogger | null = null;
  private closing = false;
  private heardFrom = false;
  private alive = true;
  private initialSyncConfirmed = false;
  private confirmTimer: NodeJS.Timeout | null = null;
  /** Null once the first message came (or the socket closed): a cleared timer is not kept. */
  private firstMessageTimer: NodeJS.Timeout | null;

  constructor(private readonly options: ConnectionOptions) {
    const { socket, room, access, limits } = options;
    this.socket = socket;
    this.room = room;
    this.access = access;
    this.messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond);
    this.readOnlyPresence = new TokenBucket(
      limits.readOnlyAwarenessBurst,
      limits.readOnlyAwarenessPerSecond,
    );

    this.firstMessageTimer = setTimeout(() => {
      if (!this.heardFrom) this.close('IdleTimeout', 'no message in time');
    }, limits.handshakeTimeoutMs);
    socket.on('message', this.onMessage);
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', (code) => this.onSocketClosed(code));
    socket.on('error', (error) => this.log.warn({ err: error }, 'websocket error'));

    room.addMember(this);
    options.metrics.connections.inc({ access });
    this.info({ event: 'connection-open', confirm: options.wantsConfirm }, 'connection open');
    // The state vector in step 1 must not cover updates still waiting for the disk.
    room.whenDurable(() => {
      if (room.isFailed) return;
      this.send(room.syncStep1Message(), 'sync-step-1');
      const presence = room.fullAwarenessMessage();
      if (presence) this.send(presence, 'awareness');
    });
  }

  /**
   * This connection's logger (room, access, address on every line), made on first use: an idle
   * connection at the default level never logs, and a child logger per connection was a few
   * hundred bytes each for nothing.
   */
  private get log(): RelayLogger {
    this.logChild ??= this.options.logger.child({
      room: this.room.id,
      access: this.access,
      address: this.options.address,
    });
    return this.logChild;
  }

  /** An info line, without making the child logger when info lines are off. */
  private info(fields: Record<string, unknown>, message: string): void {
    if (this.options.logger.isLevelEnabled('info')) this.log.info(fields, message);
  }

  private clearFirstMessageTimer(): void {
    if (this.firstMessageTimer === null) return;
    clearTimeout(this.firstMessageTimer);
    this.firstMessageTimer = null;
  }

  send(message: Uint8Array, kind: string): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(message, { binary: true });
    this.options.metrics.countSent(kind, message.byteLength);
    if (this.socket.bufferedAmount > this.options.limits.maxBufferedBytes) {
      // A client that stopped reading would otherwise hold the relay's memory without bound.
      // A close frame would queue behind the backlog, so drop the socket; the client's next
      // sync gives it everything it missed.
      this.log.warn(
        { event: 'slow-consumer', bufferedBytes: this.socket.bufferedAmount },
        'dropping a client that does not read',
      );
      this.terminate();
    }
  }

  updatePersisted(): void {
    this.scheduleConfirm();
  }

  /** Called by the heartbeat: false when the peer missed the previous ping (drop it). */
  pingOrReportDead(): boolean {
    if (!this.alive) return false;
    this.alive = false;
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
    return true;
  }

  terminate(): void {
    this.closing = true;
    this.socket.terminate();
  }

  close(name: CloseCodeName, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    const code = CloseCode[name];
    this.info({ event: 'connection-closing', code, reason }, 'closing connection');
    this.socket.close(code, reason);
    // A peer that ignores the close handshake must not keep the socket (or the room) alive.
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    if (this.closing || this.room.isFailed) return;
    this.heardFrom = true;
    this.alive = true;
    this.clearFirstMessageTimer();
    const frame = toUint8Array(data);
    const { metrics, limits } = this.options;
    metrics.countReceivedBytes(frame.byteLength);
    if (frame.byteLength > limits.maxMessageBytes) {
      metrics.countReceived('too-large');
      this.close('MessageTooLarge', `messages are limited to ${limits.maxMessageBytes} bytes`);
      return;
    }
    if (!this.messages.take()) {
      metrics.countReceived('rate-limited');
      this.close('RateLimited', 'too many messages');
      return;
    }
    if (!isBinary) {
      metrics.countReceived('malformed');
      this.close('MalformedMessage', 'text frames are not part of the protocol');
      return;
    }
    let message;
    try {
      message = decodeClientMessage(frame);
    } catch (error) {
      metrics.countReceived('malformed');
      const reason = error instanceof MalformedMessageError ? error.message : 'undecodable frame';
      this.log.warn({ reason }, 'malformed frame');
      this.close('MalformedMessage', 'malformed message');
      return;
    }
    metrics.countReceived(message.type);
    try {
      this.handle(message, frame);
    } catch (error) {
      // Decoding already succeeded, so this is a frame Yjs refused while integrating it.
      this.log.warn({ err: error }, 'frame refused while applying');
      this.close('MalformedMessage', 'message could not be applied');
    }
  };

  private handle(message: ReturnType<typeof decodeClientMessage>, frame: Uint8Array): void {
    const { room } = this;
    switch (message.type) {
      case 'sync-step-1': {
        const { stateVector } = message;
        // Answered from what is on disk: a crash must not leave a client holding an update the
        // relay lost, while the relay's answer implied it had it.
        room.whenDurable(() => {
          if (room.isFailed) return;
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          encoding.writeVarUint(encoder, SYNC_STEP_2);
          encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(room.doc, stateVector));
          this.send(encoding.toUint8Array(encoder), 'sync-step-2');
        });
        return;
      }
      case 'sync-step-2':
      case 'sync-update': {
        if (this.access === 'read') {
          this.options.metrics.readOnlyUpdatesDropped.inc();
        } else if (message.type === 'sync-update') {
          // The frame holds only this message (the decoder refuses trailing bytes): the room
          // forwards it to the other members as it came.
          room.applyMemberUpdate(this, message.update, frame);
        } else {
          Y.applyUpdate(room.doc, message.update, this);
        }
        if (message.type === 'sync-step-2' && !this.initialSyncConfirmed) {
          this.initialSyncConfirmed = true;
          this.scheduleConfirm();
        }
        return;
      }
      case 'awareness': {
        if (this.access === 'read' && !this.readOnlyPresence.take()) {
          this.options.metrics.countReceived('read-only-awareness-dropped');
          return;
        }
        // A read-only viewer may not speak for a writer's client id (presence spoofing). A
        // writer may: it can edit the room anyway, and a reconnecting host keeps its client id
        // while its old connection may linger until the heartbeat drops it.
        if (this.access === 'read' && !room.presenceIsOwnedBy(this, message.update)) {
          this.options.metrics.countReceived('read-only-awareness-dropped');
          return;
        }
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, this);
        return;
      }
      case 'query-awareness': {
        const presence = room.fullAwarenessMessage();
        if (presence) this.send(presence, 'awareness');
        return;
      }
    }
  }

  private scheduleConfirm(): void {
    if (!this.options.wantsConfirm || this.confirmTimer || this.closing) return;
    this.confirmTimer = setTimeout(() => {
      // Inside whenDurable the document holds exactly what is stored (a room that failed to
      // store an update tears itself down), so its state vector is what the disk covers.
      this.room.whenDurable(() => {
        this.confirmTimer = null;
        if (this.room.isFailed) return;
        this.send(encodeConfirmedMessage(Y.encodeStateVector(this.room.doc)), 'confirmed');
      });
    }, this.options.limits.confirmDelayMs);
  }

  private onSocketClosed(code: number): void {
    this.closing = true;
    this.clearFirstMessageTimer();
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    this.room.removeMember(this);
    this.options.metrics.connections.dec({ access: this.access });
    this.options.metrics.closes.inc({ code: String(code) });
    this.info({ event: 'connection-close', code }, 'connection closed');
    this.options.onClosed(this, code);
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
