import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Host } from '../host/host';
import { HostService } from '../host/channel/host-service';
import { ProfileStore } from '../host/channel/profile-store';
import { rekeyTeamRooms } from '../host/channel/team-handlers';
import { TeamSettingsStore } from '../host/team/team-settings-store';
import { attachChannelServer } from './channel-server';
import { serveStaticHttp } from './serve-static-http';

export interface WebServerOptions {
  port: number;
  dataDir: string;
  rendererDir: string;
  relayUrl: string | null;
  /** Saved as the team key for `relayUrl` (team.json), as `--name` is saved in the profile. */
  teamKey?: string | null;
  name: string | null;
  version: string;
}

export interface WebServer {
  /** The URL to open, with the session token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Web mode: the same host the desktop app runs, serving the built renderer and the renderer
 * channel on 127.0.0.1 only. Nothing here listens beyond loopback.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = Host.open({ dataDir: options.dataDir });
  const profile = new ProfileStore(options.dataDir, options.name ?? undefined);
  if (options.teamKey && options.relayUrl) {
    // Written before the service starts, which reads team.json. A key rotated since the last
    // start moves the rooms joined with the old one, as a new key set in Settings does.
    const before = new TeamSettingsStore(options.dataDir).get();
    const team = new TeamSettingsStore(options.dataDir, {
      relayUrl: options.relayUrl,
      key: options.teamKey,
    });
    rekeyTeamRooms(host, before, team.get());
  }
  const service = new HostService(host, profile, {
    version: options.version,
    defaultRelayUrl: options.relayUrl,
  });
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    void serveStaticHttp(options.rendererDir, request, response);
  });
  let port = options.port;
  const channel = attachChannelServer(server, {
    token,
    allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    onConnect: (connection) => {
      const session = service.connect(connection.connectionId, (message) =>
        connection.send(message),
      );
      return {
        receive: (message) => session.receive(message),
        close: () => service.disconnect(connection.connectionId),
      };
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    async close() {
      for (const client of channel.clients) client.terminate();
      channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      service.close();
    },
  };
}
