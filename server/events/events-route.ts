import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayContext } from '../relay-context';
import { sendError } from '../http/respond';

export async function eventsRoute(
  _context: RelayContext,
  _roomId: string,
  _request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  await Promise.resolve();
  sendError(response, 501, 'not yet');
}
