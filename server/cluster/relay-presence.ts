import { loadSharedRedis, type SharedRedisClient } from './shared-redis';

/** What one relay reports of itself to the others (the cluster gauges in /metrics). */
export interface RelayPresenceReport {
  readonly connections: number;
  readonly roomsLoaded: number;
}

/** The sum over the relays that reported in the last `PRESENCE_TTL_MS`. */
export interface ClusterPresence {
  readonly relays: number;
  readonly connections: number;
  readonly roomsLoaded: number;
}

const KEY_PREFIX = 'incident-room:relay:';
const REPORT_EVERY_MS = 5_000;
/** Three missed reports and a relay no longer counts (a killed relay drops out by itself). */
const PRESENCE_TTL_MS = 15_000;

/**
 * Each relay of a cluster writes a small key in Redis every 5 s (expiring after 15 s) with its
 * connections and loaded rooms; any relay sums them for `/metrics`. Gauges only: a lost report
 * makes a number briefly low, never a room or an update lost.
 */
export class RelayPresence {
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly client: SharedRedisClient,
    private readonly relayId: string,
  ) {}

  static async connect(
    url: string,
    relayId: string,
    onError: (error: unknown) => void,
  ): Promise<RelayPresence> {
    const client = (await loadSharedRedis()).connectClient(url).on('error', onError);
    await client.connect();
    return new RelayPresence(client, relayId);
  }

  /** Reports now and every 5 s; a failed report is retried by the next one. */
  start(report: () => RelayPresenceReport, onError: (error: unknown) => void): void {
    const send = (): void => {
      const value = JSON.stringify(report());
      this.client
        .sendCommand(['SET', KEY_PREFIX + this.relayId, value, 'PX', String(PRESENCE_TTL_MS)])
        .catch(onError);
    };
    send();
    this.timer = setInterval(send, REPORT_EVERY_MS);
    this.timer.unref();
  }

  async read(): Promise<ClusterPresence> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.client.sendCommand<[string, string[]]>([
        'SCAN',
        cursor,
        'MATCH',
        `${KEY_PREFIX}*`,
        'COUNT',
        '100',
      ]);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const values =
      keys.length > 0 ? await this.client.sendCommand<(string | null)[]>(['MGET', ...keys]) : [];
    const total = { relays: 0, connections: 0, roomsLoaded: 0 };
    for (const value of values) {
      if (value === null) continue;
      const parsed = JSON.parse(value) as Partial<RelayPresenceReport>;
      total.relays += 1;
      total.connections += Number(parsed.connections) || 0;
      total.roomsLoaded += Number(parsed.roomsLoaded) || 0;
    }
    return total;
  }

  /** Stops reporting and takes this relay out at once (a graceful stop). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.sendCommand(['DEL', KEY_PREFIX + this.relayId]).catch(() => undefined);
    this.client.destroy();
  }
}
