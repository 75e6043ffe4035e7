import type { Delivery, DeliveryState, OutboxStore } from '../storage/outbox-store';

/** A try's outcome, as written on the delivery's row (its receipt). */
export interface ReceiptToRecord {
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
}

/** A queue head taken for one try; `claim` is what proves it is still this sender's to record. */
export interface ClaimedDelivery extends Delivery {
  /** Null where only one sender uses the outbox (the embedded relay's SQLite file). */
  readonly claim: string | null;
}

/** The heads a sender may try now, and when the next one it was not given becomes due. */
export interface ClaimedHeads {
  readonly claimed: readonly ClaimedDelivery[];
  /** The soonest `nextAttemptAt` (ms) among heads not yet due; null when there is none. */
  readonly nextDueAt: number | null;
}

/** What a sender asks `claimDue` for. */
export interface ClaimRequest {
  /** Heads to take at most (the sender's free places). */
  readonly limit: number;
  /** Queues (`queueKey`) not to take from: the sender's own in flight or paused. */
  readonly skip: ReadonlySet<string>;
  /** The sender's clock (ms): a head is due when its `nextAttemptAt` is not after it. */
  readonly now: number;
  /**
   * How long a claim holds (ms) if its sender dies before recording the try: longer than any
   * try can take, so a live sender never loses its claim. Kept where other senders share the
   * outbox, by the database's clock.
   */
  readonly leaseMs: number;
}

/**
 * The outbox as the sender and `GET /outbound/deliveries` use it: the embedded relay's SQLite
 * table (one sender) or PostgreSQL's (shared mode: one sender per relay, all on one table). Each
 * (room, target) is a queue; only its oldest pending row may be tried, and only by the sender
 * that claimed it. Async, so both stores fit; the SQLite one answers within the call.
 */
export interface DeliveryOutbox {
  /**
   * Other writers add rows this process is not told of (other relays): the sender then looks
   * again at least this often (ms). Null: every row comes from this process, which wakes it.
   */
  readonly pollIntervalMs: number | null;
  /**
   * Takes up to `limit` queue heads due at `now`, soonest first, none of the queues in `skip`,
   * none another sender holds. A head stays claimed until its receipt is recorded or it is
   * `release`d, or (shared mode) its lease runs out because its sender died.
   */
  claimDue(request: ClaimRequest): Promise<ClaimedHeads>;
  /** Writes a try's receipt and ends the claim; false when the claim was lost (not written). */
  recordAttempt(delivery: ClaimedDelivery, receipt: ReceiptToRecord): Promise<boolean>;
  /** Gives claimed heads back untried (the sender is stopping): another sender may take them. */
  release(deliveries: readonly ClaimedDelivery[]): Promise<void>;
  pendingCount(): Promise<number>;
  /** Forgets receipts of deliveries that arrived before `before` (ms); returns how many. */
  forgetDelivered(before: number): Promise<number>;
  /** Deliveries in one state, newest first. */
  list(state: DeliveryState, limit: number): Promise<Delivery[]>;
  /** The Statuspage incident a room became on a statuspage target, or null. */
  statuspageIncident(targetId: string, roomId: string): Promise<string | null>;
  /** Keeps the incident a create answered with, before the delivery's receipt is written. */
  keepStatuspageIncident(
    targetId: string,
    roomId: string,
    incidentId: string,
    at: number,
  ): Promise<void>;
}

/** A (room, target) queue's name in `skip` sets. */
export function queueKey(delivery: Pick<Delivery, 'roomId' | 'targetId'>): string {
  return `${delivery.roomId}\0${delivery.targetId}`;
}

/**
 * The embedded relay's outbox (SQLite, migration 6) as a `DeliveryOutbox`. One process sends
 * from it, so a claim is the sender's own in-flight set and never expires. Calls go to `store`
 * at call time (not bound once), so a test may replace one of its methods.
 */
export function sqliteDeliveryOutbox(store: OutboxStore): DeliveryOutbox {
  return {
    pollIntervalMs: null,
    claimDue: ({ limit, skip, now }) =>
      answered(() => {
        const claimed: ClaimedDelivery[] = [];
        let nextDueAt: number | null = null;
        for (const head of store.queueHeads()) {
          if (skip.has(queueKey(head))) continue;
          if (head.nextAttemptAt > now) {
            nextDueAt = Math.min(nextDueAt ?? Infinity, head.nextAttemptAt);
          } else if (claimed.length < limit) claimed.push({ ...head, claim: null });
        }
        return { claimed, nextDueAt };
      }),
    recordAttempt: (delivery, receipt) =>
      answered(() => {
        store.recordAttempt(delivery.seq, receipt);
        return true;
      }),
    release: () => Promise.resolve(),
    pendingCount: () => answered(() => store.pendingCount()),
    forgetDelivered: (before) => answered(() => store.forgetDelivered(before)),
    list: (state, limit) => answered(() => store.list(state, limit)),
    statuspageIncident: (targetId, roomId) =>
      answered(() => store.statuspageIncident(targetId, roomId)),
    keepStatuspageIncident: (targetId, roomId, incidentId, at) =>
      answered(() => store.keepStatuspageIncident(targetId, roomId, incidentId, at)),
  };
}

/** A synchronous call's result, or its throw, as a promise. */
function answered<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
