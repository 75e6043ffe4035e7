import { Counter, Gauge, type Registry } from 'prom-client';
import type { ClusterPresence } from '../cluster/relay-presence';

/** Where the shared-mode gauges read their values, at each scrape. */
export interface ClusterMetricSources {
  /** Whether this relay reaches Redis and PostgreSQL now. */
  readonly storesUp: () => Promise<{ redis: boolean; postgres: boolean }>;
  /** The relays that reported in the last 15 s, summed (Redis). */
  readonly presence: () => Promise<ClusterPresence>;
  /** Rooms in PostgreSQL, for the whole cluster. */
  readonly roomsStored: () => Promise<number>;
}

/** One read per scrape however many gauges use it; a failed read leaves its gauges empty. */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T | null> {
  let last: { at: number; value: Promise<T | null> } | null = null;
  return () => {
    if (last && Date.now() - last.at < 1_000) return last.value;
    const value = read().catch(() => null);
    last = { at: Date.now(), value };
    return value;
  };
}

/**
 * The shared-mode part of `/metrics`: this process's view of its stores and fan-out, and the
 * cluster's totals (every relay reports itself to Redis; every relay can answer for all).
 */
export class ClusterMetrics {
  readonly published: Counter;
  readonly publishFailures: Counter;
  readonly catchUpReads: Counter;

  constructor(registry: Registry, sources: ClusterMetricSources) {
    const stores = oncePerScrape(sources.storesUp);
    const presence = oncePerScrape(sources.presence);
    this.published = new Counter({
      name: 'relay_shared_updates_published_total',
      help: 'Stored updates this relay published on their room stream in Redis',
      registers: [registry],
    });
    this.publishFailures = new Counter({
      name: 'relay_shared_publish_failures_total',
      help: 'Stored updates this relay could not publish (other relays read them from PostgreSQL)',
      registers: [registry],
    });
    this.catchUpReads = new Counter({
      name: 'relay_shared_catch_up_reads_total',
      help: 'Reads of a loaded room from PostgreSQL to fill what the Redis stream did not bring',
      registers: [registry],
    });
    new Gauge({
      name: 'relay_shared_store_up',
      help: 'Whether this relay reaches its store now (1) or not (0), by store',
      labelNames: ['store'] as const,
      registers: [registry],
      async collect() {
        const up = await stores();
        this.set({ store: 'redis' }, up?.redis ? 1 : 0);
        this.set({ store: 'postgres' }, up?.postgres ? 1 : 0);
      },
    });
    const clusterGauge = (name: string, help: string, pick: (p: ClusterPresence) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          const read = await presence();
          if (read) this.set(pick(read));
          else this.reset();
        },
      });
    clusterGauge('relay_cluster_relays', 'Relays that reported in the last 15 s', (p) => p.relays);
    clusterGauge(
      'relay_cluster_connections',
      'Open websocket connections on every relay of the cluster',
      (p) => p.connections,
    );
    clusterGauge(
      'relay_cluster_rooms_loaded',
      'Rooms held in memory by the relays of the cluster (a room may be on several)',
      (p) => p.roomsLoaded,
    );
    new Gauge({
      name: 'relay_cluster_rooms',
      help: 'Rooms stored in PostgreSQL',
      registers: [registry],
      async collect() {
        const count = await sources.roomsStored().catch(() => null);
        if (count === null) this.reset();
        else this.set(count);
      },
    });
  }
}
