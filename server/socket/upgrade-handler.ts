import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import {
  parseDeclaredProtocol,
  protocolMismatchReason,
} from '../../shared/protocol/protocol-version';
import { CONFIRM_QUERY_PARAM, PROTOCOL_QUERY_PARAM } from '../../shared/protocol/relay-protocol';
import { authorizeRoom } from '../auth/authorize-room';
import { refuseUpgrade } from '../http/respond';
import type { RelayContext } from '../relay-context';
import type { OpenConnections } from './open-connections';
import { clientAddress } from './client-address';

const ROOM_PATH = /^\/rooms\/([^/]+)$/;

/**
 * A socket error before or after the upgrade drops the socket. A function of its own, not a
 * closure: the listener stays on the socket for the whole connection, and a closure in the
 * handler below would keep its scope alive with it (the upgrade request, its headers and the
 * head buffer: about a kilobyte per open connection for nothing).
 */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

export interface UpgradeHandlerOptions {
  readonly context: RelayContext;
  readonly wss: WebSocketServer;
  readonly connections: OpenConnections;
}

/**
 * Decides every websocket upgrade from the request alone, in this order: the relay is not
 * shutting down, the path names a room, the client speaks this relay's protocol version, the
 * key opens the room (the one step that waits, for the room directory). Only then is the
 * socket admitted (and the room loaded).
 */
export function createUpgradeHandler({ context, wss, connections }: UpgradeHandlerOptions) {
  const { config, rooms, metrics, logger } = context;
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', destroyOnError);
    const address = clientAddress(request, config.trustProxy);
    const url = new URL(request.url ?? '/', 'http://relay.invalid');
    let roomId: string | undefined;
    const refuse = (status: number, reason: string, message: string): void => {
      logger.info(
        { event: 'connection-refused', status, reason, address, room: roomId },
        'upgrade refused',
      );
      refuseUpgrade(socket, status, message);
    };
    if (!connections.isAccepting) {
      return refuse(503, 'shutting-down', 'the relay is shutting down');
    }
    const match = ROOM_PATH.exec(url.pathname);
    if (!match) return refuse(404, 'not-a-room-path', 'websockets live at /rooms/<roomId>');
    try {
      roomId = decodeURIComponent(match[1] ?? '');
    } catch {
      return refuse(400, 'bad-room-id', 'not a valid room id');
    }
    // Before the key: a client of another version may present its key another way, and must
    // hear "update" rather than "wrong key".
    const declared = parseDeclaredProtocol(url.searchParams.get(PROTOCOL_QUERY_PARAM));
    if (declared.kind === 'malformed') {
      return refuse(400, 'bad-protocol-version', `${PROTOCOL_QUERY_PARAM} must be a whole number`);
    }
    if (declared.kind === 'version' && declared.version !== config.protocolVersion) {
      const reason = protocolMismatchReason({
        relayVersion: config.protocolVersion,
        clientVersion: declared.version,
      });
      // Upgraded and then closed, not refused in the upgrade: a browser (and y-websocket) can
      // read a close code and reason, never the status of a refused upgrade.
      wss.handleUpgrade(request, socket, head, (ws) => {
        connections.refuse(ws, 'ProtocolMismatch', reason, { roomId, address });
      });
      return;
    }
    const wantsConfirm = url.searchParams.get(CONFIRM_QUERY_PARAM) === '1';
    const knownRoomId = roomId;
    authorizeRoom(rooms, roomId, request, url, config.teamKeyVerifier).then(
      (authorization) => {
        if (!authorization.ok) {
          if (authorization.status === 401 || authorization.status === 403) {
            metrics.authRefusals.inc({ reason: authorization.reason });
          }
          return refuse(authorization.status, authorization.reason, authorization.message);
        }
        wss.handleUpgrade(request, socket, head, (ws) => {
          const { access } = authorization;
          connections.admit(ws, { roomId: authorization.roomId, access, wantsConfirm, address });
        });
      },
      (error: unknown) => {
        // Shared mode: PostgreSQL is away. Upgraded and closed with a code the client reads
        // (a refused upgrade shows a browser nothing) and retries on, like any passing failure.
        logger.error({ err: error, room: knownRoomId }, 'room keys could not be read');
        wss.handleUpgrade(request, socket, head, (ws) => {
          connections.refuse(ws, 'StorageFailure', 'the relay cannot reach its store; retry', {
            roomId: knownRoomId,
            address,
          });
        });
      },
    );
  };
}
