/**
 * The reference y-websocket server (@y/websocket-server, pinned 0.1.1) as a benchmark peer: its
 * own `setupWSConnection`, in memory (no YPERSISTENCE, so its optional LevelDB is never loaded),
 * listening on 127.0.0.1 only. Prints `peer listening on http://127.0.0.1:PORT`.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

delete process.env.YPERSISTENCE;

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (socket, request) => setupWSConnection(socket, request));
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  console.log(`peer listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => process.exit(0));
