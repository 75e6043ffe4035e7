/**
 * Hocuspocus 3.4 as a benchmark peer, with no extensions (in memory, no persistence). Its
 * `Server.listen()` binds every interface, so we own the HTTP and websocket servers and bind
 * 127.0.0.1 only, handing each socket to `hocuspocus.handleConnection`.
 * Prints `peer listening on http://127.0.0.1:PORT`.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { Hocuspocus } from '@hocuspocus/server';

const hocuspocus = new Hocuspocus({ quiet: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => hocuspocus.handleConnection(ws, request));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  console.log(`peer listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => process.exit(0));
