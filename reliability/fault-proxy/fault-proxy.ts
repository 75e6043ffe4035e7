/**
 * A TCP proxy on loopback that sits between hosts and the relay and breaks the network on
 * purpose: it delays bytes, blackholes connections (the peer stays "connected" but nothing
 * arrives, like a dead NAT path), cuts them (FIN), resets them (RST), and partitions (refuses
 * every new connection and cuts the open ones for a while). Faults are applied by calls, by a
 * schedule, or at random from a seeded generator, and every fault is counted.
 *
 * It forwards a byte stream and never drops bytes out of the middle of one: TCP does not do
 * that, and a websocket with a hole in it would be a protocol error, not a network fault.
 */
import net from 'node:net';
import { seededRandom, type Random } from './seeded-random';

export type FaultKind = 'delay' | 'blackhole' | 'cut' | 'reset' | 'partition' | 'heal';

export interface FaultProxyOptions {
  /** Where bytes go: the relay. */
  readonly targetPort: number;
  readonly targetHost?: string;
  /** 0 (default) picks a free port. */
  readonly listenPort?: number;
}

export interface DelaySetting {
  /** Every chunk waits at least this long, in each direction (order is kept). */
  readonly ms: number;
  /** Plus a uniformly random extra of up to this many ms. */
  readonly jitterMs?: number;
}

export interface ProxyStats {
  /** Client connections accepted and forwarded. */
  accepted: number;
  /** Client connections refused while partitioned. */
  refused: number;
  /** Connections whose upstream (the relay) could not be reached. */
  upstreamFailures: number;
  bytesUp: number;
  bytesDown: number;
  /** Faults applied, by kind. */
  faults: Record<FaultKind, number>;
}

export type ScheduledFault =
  | { readonly kind: 'delay'; readonly ms: number; readonly jitterMs?: number }
  | { readonly kind: 'blackhole' | 'cut' | 'reset' }
  | { readonly kind: 'partition'; readonly forMs: number }
  | { readonly kind: 'heal' };

export interface ScheduleStep {
  /** Milliseconds after `runSchedule` was called. */
  readonly atMs: number;
  readonly fault: ScheduledFault;
}

export interface RandomFaultOptions {
  readonly seed: number;
  /** Mean pause between faults (exponentially distributed). */
  readonly meanIntervalMs: number;
  /** Relative weights; a kind left out never happens. */
  readonly weights: Partial<Record<Exclude<FaultKind, 'heal'>, number>>;
  /** Longest partition, and longest delay setting (default 2000 / 300 ms). */
  readonly maxPartitionMs?: number;
  readonly maxDelayMs?: number;
  /** Called with every fault applied (for logs and counts). */
  readonly onFault?: (fault: ScheduledFault) => void;
}

interface Link {
  readonly client: net.Socket;
  readonly upstream: net.Socket;
  blackholed: boolean;
  /** Delayed chunks per direction, drained in order by one timer each, so bytes never reorder. */
  readonly up: DelayQueue;
  readonly down: DelayQueue;
}

interface DelayQueue {
  readonly pending: Array<{ dueAt: number; chunk: Buffer | null }>;
  timer: NodeJS.Timeout | null;
}

export class FaultProxy {
  readonly stats: ProxyStats = {
    accepted: 0,
    refused: 0,
    upstreamFailures: 0,
    bytesUp: 0,
    bytesDown: 0,
    faults: { delay: 0, blackhole: 0, cut: 0, reset: 0, partition: 0, heal: 0 },
  };
  private readonly links = new Set<Link>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private delay: DelaySetting = { ms: 0 };
  private partitionedUntil = 0;
  private closed = false;
  private random: Random = Math.random;

  private constructor(
    private readonly server: net.Server,
    private readonly options: FaultProxyOptions,
  ) {}

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = new FaultProxy(server, options);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not listening');
    return address.port;
  }

  /** `http://127.0.0.1:PORT`: give this to hosts instead of the relay's own URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get openConnections(): number {
    return this.links.size;
  }

  get isPartitioned(): boolean {
    return Date.now() < this.partitionedUntil;
  }

  setDelay(setting: DelaySetting): void {
    this.delay = setting;
    if (setting.ms > 0 || (setting.jitterMs ?? 0) > 0) this.stats.faults.delay += 1;
  }

  /** Every open connection stops carrying bytes (both ways) but stays open. */
  blackholeAll(): number {
    for (const link of this.links) link.blackholed = true;
    this.stats.faults.blackhole += 1;
    return this.links.size;
  }

  /** Closes every open connection with a FIN to both sides. */
  cutAll(): number {
    const count = this.links.size;
    for (const link of [...this.links]) this.endLink(link, 'cut');
    this.stats.faults.cut += 1;
    return count;
  }

  /** Resets every open connection (RST to both sides). */
  resetAll(): number {
    const count = this.links.size;
    for (const link of [...this.links]) this.endLink(link, 'reset');
    this.stats.faults.reset += 1;
    return count;
  }

  /** Refuses new connections and resets the open ones for `forMs`. */
  partition(forMs: number): void {
    this.partitionedUntil = Math.max(this.partitionedUntil, Date.now() + forMs);
    for (const link of [...this.links]) this.endLink(link, 'reset');
    this.stats.faults.partition += 1;
  }

  /** Ends a partition and removes any delay; blackholed connections are cut so peers reconnect. */
  heal(): void {
    this.partitionedUntil = 0;
    this.delay = { ms: 0 };
    for (const link of [...this.links]) if (link.blackholed) this.endLink(link, 'cut');
    this.stats.faults.heal += 1;
  }

  apply(fault: ScheduledFault): void {
    switch (fault.kind) {
      case 'delay':
        this.setDelay({ ms: fault.ms, jitterMs: fault.jitterMs ?? 0 });
        return;
      case 'blackhole':
        this.blackholeAll();
        return;
      case 'cut':
        this.cutAll();
        return;
      case 'reset':
        this.resetAll();
        return;
      case 'partition':
        this.partition(fault.forMs);
        return;
      case 'heal':
        this.heal();
        return;
    }
  }

  /** Applies each step at its time; resolves after the last one. */
  runSchedule(steps: readonly ScheduleStep[]): Promise<void> {
    const last = steps.reduce((max, step) => Math.max(max, step.atMs), 0);
    return new Promise((resolve) => {
      for (const step of steps) this.later(step.atMs, () => this.apply(step.fault));
      this.later(last + 1, resolve);
    });
  }

  /**
   * Applies random faults until the returned function is called (it heals the proxy). Seeded,
   * so a failing run can be replayed with the same seed.
   */
  startRandomFaults(options: RandomFaultOptions): () => void {
    const random = seededRandom(options.seed);
    this.random = random;
    const kinds = Object.entries(options.weights).filter(
      ([, weight]) => (weight ?? 0) > 0,
    ) as Array<[Exclude<FaultKind, 'heal'>, number]>;
    const total = kinds.reduce((sum, [, weight]) => sum + weight, 0);
    if (total <= 0) throw new Error('startRandomFaults needs at least one positive weight');
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    const next = (): void => {
      if (stopped || this.closed) return;
      const wait = -Math.log(1 - random()) * options.meanIntervalMs;
      timer = this.later(wait, () => {
        const fault = pickFault(kinds, total, random, options);
        this.apply(fault);
        options.onFault?.(fault);
        next();
      });
    };
    next();
    return () => {
      stopped = true;
      if (timer !== null) this.cancel(timer);
      this.heal();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const link of [...this.links]) this.endLink(link, 'reset');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.closed || this.isPartitioned) {
      this.stats.refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({
      port: this.options.targetPort,
      host: this.options.targetHost ?? '127.0.0.1',
    });
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    const link: Link = {
      client,
      upstream,
      blackholed: false,
      up: { pending: [], timer: null },
      down: { pending: [], timer: null },
    };
    this.links.add(link);
    this.stats.accepted += 1;
    let upstreamConnected = false;
    upstream.once('connect', () => {
      upstreamConnected = true;
    });
    upstream.on('error', () => {
      if (!upstreamConnected) this.stats.upstreamFailures += 1;
      this.endLink(link, 'reset');
    });
    client.on('error', () => this.endLink(link, 'reset'));
    client.on('data', (chunk: Buffer) => {
      this.stats.bytesUp += chunk.length;
      this.forward(link, chunk, 'up');
    });
    upstream.on('data', (chunk: Buffer) => {
      this.stats.bytesDown += chunk.length;
      this.forward(link, chunk, 'down');
    });
    // A half-close is passed on after the bytes before it (delays included).
    client.on('end', () => this.forward(link, null, 'up'));
    upstream.on('end', () => this.forward(link, null, 'down'));
    client.on('close', () => this.endLink(link, 'cut'));
    upstream.on('close', () => this.endLink(link, 'cut'));
  }

  /** `chunk === null` forwards the end of the stream. */
  private forward(link: Link, chunk: Buffer | null, direction: 'up' | 'down'): void {
    if (link.blackholed) return;
    const target = direction === 'up' ? link.upstream : link.client;
    const queue = direction === 'up' ? link.up : link.down;
    const wait = this.delay.ms + (this.delay.jitterMs ?? 0) * this.random();
    if (wait <= 0 && queue.pending.length === 0) {
      deliver(target, chunk);
      return;
    }
    const now = Date.now();
    const last = queue.pending[queue.pending.length - 1];
    queue.pending.push({ dueAt: Math.max(now + wait, last?.dueAt ?? 0), chunk });
    this.drain(link, queue, target);
  }

  private drain(link: Link, queue: DelayQueue, target: net.Socket): void {
    if (queue.timer !== null) return;
    const head = queue.pending[0];
    if (head === undefined) return;
    queue.timer = this.later(Math.max(0, head.dueAt - Date.now()), () => {
      queue.timer = null;
      const now = Date.now();
      while (queue.pending.length > 0 && (queue.pending[0]?.dueAt ?? Infinity) <= now) {
        const next = queue.pending.shift();
        if (next && !link.blackholed) deliver(target, next.chunk);
      }
      this.drain(link, queue, target);
    });
  }

  private endLink(link: Link, how: 'cut' | 'reset'): void {
    if (!this.links.delete(link)) return;
    for (const queue of [link.up, link.down]) {
      if (queue.timer !== null) this.cancel(queue.timer);
      queue.pending.length = 0;
    }
    for (const socket of [link.client, link.upstream]) {
      if (socket.destroyed) continue;
      if (how === 'reset' && socket.readyState === 'open') socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}

function deliver(target: net.Socket, chunk: Buffer | null): void {
  if (target.destroyed) return;
  if (chunk === null) target.end();
  else target.write(chunk);
}

function pickFault(
  kinds: ReadonlyArray<[Exclude<FaultKind, 'heal'>, number]>,
  total: number,
  random: Random,
  options: RandomFaultOptions,
): ScheduledFault {
  let roll = random() * total;
  let kind: Exclude<FaultKind, 'heal'> = kinds[0]![0];
  for (const [candidate, weight] of kinds) {
    roll -= weight;
    if (roll < 0) {
      kind = candidate;
      break;
    }
  }
  switch (kind) {
    case 'delay': {
      const max = options.maxDelayMs ?? 300;
      // Half the time the delay goes away again, so the run is not slow throughout.
      return random() < 0.5
        ? { kind: 'delay', ms: 0, jitterMs: 0 }
        : { kind: 'delay', ms: Math.round(random() * max), jitterMs: Math.round(random() * max) };
    }
    case 'partition':
      return {
        kind: 'partition',
        forMs: Math.round(100 + random() * ((options.maxPartitionMs ?? 2000) - 100)),
      };
    default:
      return { kind };
  }
}
