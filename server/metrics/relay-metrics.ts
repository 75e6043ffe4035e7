import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The relay's Prometheus metrics, on a registry of its own (not prom-client's global one) so
 * two relays in one process, as in tests, never share counters.
 */
export class RelayMetrics {
  readonly registry = new Registry();

  /**
   * What the socket path counts, per message: taken into the counters below when they are
   * scraped (`collect`). Every fanned-out update is counted once per member, and a prom-client
   * `inc` per message (a label hash and a map update each) showed in the relay's CPU profile.
   */
  private readonly tally = {
    sent: new Map<string, number>(),
    received: new Map<string, number>(),
    bytesSent: 0,
    bytesReceived: 0,
  };

  readonly connections = new Gauge({
    name: 'relay_connections',
    help: 'Open websocket connections, by access',
    labelNames: ['access'] as const,
    registers: [this.registry],
  });
  readonly roomsLoaded = new Gauge({
    name: 'relay_rooms_loaded',
    help: 'Rooms currently held in memory',
    registers: [this.registry],
  });
  readonly messagesReceived: Counter<'type'> = new Counter({
    name: 'relay_messages_received_total',
    help: 'Websocket messages received, by message type',
    labelNames: ['type'] as const,
    registers: [this.registry],
    collect: (): void => takeByType(this.tally.received, this.messagesReceived),
  });
  readonly messagesSent: Counter<'type'> = new Counter({
    name: 'relay_messages_sent_total',
    help: 'Websocket messages sent, by message type',
    labelNames: ['type'] as const,
    registers: [this.registry],
    collect: (): void => takeByType(this.tally.sent, this.messagesSent),
  });
  readonly bytesReceived: Counter = new Counter({
    name: 'relay_bytes_received_total',
    help: 'Websocket payload bytes received',
    registers: [this.registry],
    collect: (): void => {
      this.bytesReceived.inc(this.tally.bytesReceived);
      this.tally.bytesReceived = 0;
    },
  });
  readonly bytesSent: Counter = new Counter({
    name: 'relay_bytes_sent_total',
    help: 'Websocket payload bytes sent',
    registers: [this.registry],
    collect: (): void => {
      this.bytesSent.inc(this.tally.bytesSent);
      this.tally.bytesSent = 0;
    },
  });
  readonly persistSeconds = new Histogram({
    name: 'relay_persist_duration_seconds',
    help: 'Time to durably commit one batch of document updates to SQLite (one fsync)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly persistBatchUpdates = new Histogram({
    name: 'relay_persist_batch_updates',
    help: 'Document updates committed together in one batch (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [this.registry],
  });
  readonly compactions = new Counter({
    name: 'relay_compactions_total',
    help: 'Room update logs compacted into a snapshot',
    registers: [this.registry],
  });
  readonly authRefusals = new Counter({
    name: 'relay_auth_refusals_total',
    help: 'Requests and upgrades refused for a missing or wrong key, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly readOnlyUpdatesDropped = new Counter({
    name: 'relay_read_only_updates_dropped_total',
    help: 'Document updates sent on read-only connections and dropped',
    registers: [this.registry],
  });
  readonly closes = new Counter({
    name: 'relay_closes_total',
    help: 'Websocket connections closed, by close code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'relay_events_total',
    help: 'Timeline events accepted through the HTTP events API',
    registers: [this.registry],
  });

  readonly alerts = new Counter({
    name: 'relay_alerts_total',
    help: 'Alerts received on POST /hooks/<source-id>, by source and outcome (appended, duplicate, unrouted)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly alertRoomsOpened = new Counter({
    name: 'relay_alert_rooms_opened_total',
    help: 'Rooms opened by an alert, by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly alertHookRefusals = new Counter({
    name: 'relay_alert_hook_refusals_total',
    help: 'Alert webhook requests refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly outboundDelivered = new Counter({
    name: 'relay_outbound_delivered_total',
    help: 'Outbound events delivered to a target, by target kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly outboundRetries = new Counter({
    name: 'relay_outbound_retries_total',
    help: 'Outbound tries that failed and will be retried, by target kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly outboundFailed = new Counter({
    name: 'relay_outbound_failed_total',
    help: 'Outbound deliveries failed for good (a lasting refusal, or every try used), by target kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly outboundPending = new Gauge({
    name: 'relay_outbound_pending',
    help: 'Outbound deliveries not yet delivered or failed for good',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'relay_process_' });
  }

  /** Counts one websocket message sent of `type` and its bytes (see `tally`). */
  countSent(type: string, bytes: number): void {
    this.tally.sent.set(type, (this.tally.sent.get(type) ?? 0) + 1);
    this.tally.bytesSent += bytes;
  }

  /** Counts one websocket message received of `type` (see `tally`). */
  countReceived(type: string): void {
    this.tally.received.set(type, (this.tally.received.get(type) ?? 0) + 1);
  }

  /** Counts the bytes of one websocket frame received (see `tally`). */
  countReceivedBytes(bytes: number): void {
    this.tally.bytesReceived += bytes;
  }
}

/** Moves a per-type tally into its counter (at scrape time). */
function takeByType(tally: Map<string, number>, counter: Counter<'type'>): void {
  for (const [type, count] of tally) {
    if (count > 0) counter.inc({ type }, count);
  }
  tally.clear();
}
