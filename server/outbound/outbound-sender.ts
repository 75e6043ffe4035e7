import type { RelayLogger } from '../logging/logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import { DELIVERED_RETENTION_MS, type DeliveryState } from '../storage/outbox-store';
import { queueKey, type ClaimedDelivery, type DeliveryOutbox } from './delivery-outbox';
import type { OutboundEvent } from './outbound-event';
import type { OutboundConfig, OutboundTarget } from './outbound-file';
import { retryAfterMs, retryDelayMs } from './retry-policy';
import { sendAttempt, type AttemptResult } from './send-attempt';
import { slackRequest } from './slack-message';
import { SmtpSender } from './smtp-sender';
import { sendToStatuspage } from './statuspage-incident';
import type { FollowUpIssues } from './trackers/follow-up-issue-store';
import { sendFollowUp } from './trackers/tracker-delivery';
import { webhookRequest } from './webhook-request';

/** Requests in flight at once, over all queues; one per (room, target) queue. */
const MAX_IN_FLIGHT = 8;
/** A queue whose try failed unexpectedly (a receipt that could not be written) waits this long. */
const UNEXPECTED_FAILURE_PAUSE_MS = 5_000;
/** Old receipts are forgotten at most this often, on the sender's own path (no extra timer). */
const FORGET_EVERY_MS = 3600_000;
/** A pass whose read of the outbox failed (the database is away) is tried again after this. */
const READ_FAILURE_RETRY_MS = 1_000;

/**
 * How long a claimed head stays another relay's (shared mode) when its relay dies mid-try: a
 * try is at most two requests (a Statuspage lookup and create, a tracker lookup and create) of
 * `timeoutMs` each, plus the database writes between them, so a live relay's try ends well
 * within it. Its cost is the wait after a `kill -9` before another relay sends the event again.
 */
export function claimLeaseMs(timeoutMs: number): number {
  return 3 * timeoutMs + 5_000;
}

/** A try's receipt, as stored on the outbox row. */
export interface DeliveryReceipt {
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly at: number;
}

export interface OutboundSenderDeps {
  /** The embedded relay's SQLite outbox, or PostgreSQL's shared by every relay. */
  readonly store: DeliveryOutbox;
  readonly config: OutboundConfig;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  /** The issues made of follow-ups (tracker targets); without it tracker deliveries fail. */
  readonly followUps?: FollowUpIssues;
  /** After each try's receipt is stored (the room shows its published updates' deliveries). */
  readonly onReceipt?: (delivery: ClaimedDelivery, receipt: DeliveryReceipt) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

/**
 * Delivers the outbox. Each (room, target) is a queue sent strictly in order: only its oldest
 * pending row is tried, and the next waits until that one is delivered or failed for good. A try
 * that gets no answer or a passing refusal is retried with backoff and jitter (honouring
 * `Retry-After`) until `maxAttempts`; each try's receipt is written to the row before the next
 * is planned. Everything it needs is in the table, so a restart, however abrupt, carries on
 * where it stopped: a request that was in flight when the relay died is sent again with the same
 * `Idempotency-Key`. In shared mode every relay runs one on the same PostgreSQL outbox: a head is
 * tried only by the sender that claimed it (`DeliveryOutbox.claimDue`), so each event is sent
 * once across the cluster, and a dead relay's claims run out for another to take.
 */
export class OutboundSender {
  private readonly inFlight = new Set<string>();
  /** Queues paused after an unexpected failure, until a time (ms): never a hot loop of retries. */
  private readonly paused = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  /** Claimed heads whose try the stop cut short: given back so another relay need not wait. */
  private readonly abandoned: ClaimedDelivery[] = [];
  private readonly shutdown = new AbortController();
  private readonly smtp = new SmtpSender();
  private timer: NodeJS.Timeout | null = null;
  private passQueued = false;
  /** One pass at a time (a pass awaits its store); a wake meanwhile runs another after it. */
  private passRunning = false;
  private passAgain = false;
  private forgottenAt = -Infinity;
  private closed = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: OutboundSenderDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  /** Starts with whatever the outbox holds (undelivered rows of an earlier run). */
  start(): void {
    this.wake();
  }

  /** New rows were stored, or a try ended: look at the queues again (once per turn). */
  wake(): void {
    if (this.closed || this.passQueued) return;
    this.passQueued = true;
    setImmediate(() => {
      this.passQueued = false;
      this.startPass();
    });
  }

  /**
   * Stops trying; requests in flight are abandoned and their rows stay pending, given back to
   * the outbox, for the next start or another relay.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.shutdown.abort();
    this.smtp.close(); // a message in flight is abandoned like a request: it stays pending
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    const abandoned = this.abandoned.splice(0);
    if (abandoned.length === 0) return;
    await this.deps.store.release(abandoned).catch((error: unknown) => {
      // Their claims run out by themselves; another relay takes them then.
      this.deps.logger.warn({ err: error }, 'outbound claims not given back at stop');
    });
  }

  private startPass(): void {
    if (this.passRunning) {
      this.passAgain = true;
      return;
    }
    this.passRunning = true;
    const run = this.pass().finally(() => {
      this.passRunning = false;
      this.running.delete(run);
      if (this.passAgain) {
        this.passAgain = false;
        this.wake();
      }
    });
    this.running.add(run);
  }

  /** Claims what is due and starts it; sets the timer for the next due time. Never rejects. */
  private async pass(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { store, metrics, logger } = this.deps;
    const now = this.now();
    let soonest = Infinity;
    try {
      if (now - this.forgottenAt >= FORGET_EVERY_MS) {
        this.forgottenAt = now;
        await store.forgetDelivered(now - DELIVERED_RETENTION_MS);
      }
      const skip = new Set(this.inFlight);
      for (const [queue, until] of this.paused) {
        if (until <= now) continue;
        skip.add(queue);
        soonest = Math.min(soonest, until);
      }
      const free = MAX_IN_FLIGHT - this.inFlight.size;
      if (free > 0) {
        const leaseMs = claimLeaseMs(this.deps.config.delivery.timeoutMs);
        const { claimed, nextDueAt } = await store.claimDue({ limit: free, skip, now, leaseMs });
        if (this.closed) return void this.abandoned.push(...claimed);
        for (const head of claimed) this.begin(head);
        soonest = Math.min(soonest, nextDueAt ?? Infinity);
      }
      metrics.outboundPending.set(await store.pendingCount());
    } catch (error) {
      // The database is failing; the next stored change or the timer below tries again.
      logger.error({ err: error }, 'outbound queues could not be read');
      soonest = now + READ_FAILURE_RETRY_MS;
    }
    if (this.closed) return;
    // Other relays store rows this one is not told of, and may die holding a claim: look again.
    if (store.pollIntervalMs !== null) soonest = Math.min(soonest, now + store.pollIntervalMs);
    if (soonest < Infinity) {
      this.timer = setTimeout(() => this.wake(), Math.max(0, soonest - now));
    }
  }

  private begin(delivery: ClaimedDelivery): void {
    const queue = queueKey(delivery);
    this.inFlight.add(queue);
    const run = this.attempt(delivery)
      .then(() => {
        this.paused.delete(queue);
      })
      .catch((error: unknown) => {
        this.paused.set(queue, this.now() + UNEXPECTED_FAILURE_PAUSE_MS);
        this.deps.logger.error(
          {
            err: error,
            event: 'outbound-delivery',
            eventId: delivery.eventId,
            target: delivery.targetId,
          },
          'outbound delivery failed unexpectedly; its queue waits before the next try',
        );
      })
      .finally(() => {
        this.inFlight.delete(queue);
        this.running.delete(run);
        this.wake();
      });
    this.running.add(run);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const target = this.deps.config.targets.get(delivery.targetId);
    if (!target) {
      const error = 'the target is no longer in the outbound file';
      return this.record(
        delivery,
        { verdict: 'failed', status: null, error, retryAfter: null },
        false,
      );
    }
    // Written by OutboundRoomWatch from an OutboundEvent, on the relay that stored the change.
    const event = JSON.parse(delivery.event) as OutboundEvent;
    const result = await this.send(event, target);
    // Shutting down: the answer may never be recorded; the row stays pending and the next
    // start (or another relay) sends it again under the same Idempotency-Key.
    if (this.closed) return void this.abandoned.push(delivery);
    const last = delivery.attempts + 1 >= this.deps.config.delivery.maxAttempts;
    await this.record(
      delivery,
      result.verdict === 'retry' && last ? { ...result, verdict: 'failed' } : result,
    );
  }

  /** One try, by the target's kind; never throws for a receiver's fault (see AttemptResult). */
  private send(event: OutboundEvent, target: OutboundTarget): Promise<AttemptResult> {
    const { roomUrl, delivery } = this.deps.config;
    const signal = this.shutdown.signal;
    switch (target.kind) {
      case 'webhook':
        return sendAttempt(
          target.url,
          webhookRequest(event, target, roomUrl, this.now()),
          delivery.timeoutMs,
          signal,
        );
      case 'slack':
        return sendAttempt(target.url, slackRequest(event, roomUrl), delivery.timeoutMs, signal);
      case 'statuspage':
        return sendToStatuspage(event, target, this.deps.store, delivery.timeoutMs, signal);
      case 'email':
        return this.smtp.send(event, target, roomUrl, delivery.timeoutMs);
      case 'github':
      case 'jira': {
        const issues = this.deps.followUps;
        if (issues) return sendFollowUp(event, target, issues, roomUrl, delivery.timeoutMs, signal);
        const error = 'this sender keeps no follow-up issues';
        return Promise.resolve({ verdict: 'failed', status: null, error, retryAfter: null });
      }
    }
  }

  private async record(
    delivery: ClaimedDelivery,
    result: AttemptResult,
    /** False when nothing was sent (the target is gone). */
    tried = true,
  ): Promise<void> {
    const verdict = result.verdict;
    const now = this.now();
    const attempts = delivery.attempts + (tried ? 1 : 0);
    const state: DeliveryState = verdict === 'retry' ? 'pending' : verdict;
    const wait =
      verdict === 'retry'
        ? retryDelayMs(
            attempts,
            this.deps.config.delivery,
            this.random,
            retryAfterMs(result.retryAfter, now),
          )
        : 0;
    const receipt: DeliveryReceipt = {
      state,
      attempts,
      lastStatus: result.status,
      lastError: result.error,
      at: now,
    };
    const written = await this.deps.store.recordAttempt(delivery, {
      state,
      attempts,
      nextAttemptAt: now + wait,
      lastStatus: result.status,
      lastError: result.error,
      deliveredAt: state === 'delivered' ? now : null,
    });
    if (!written) {
      // This try outlived its claim (shared mode): another relay has taken the delivery, with
      // the same Idempotency-Key, and its receipt is the one that counts.
      this.deps.logger.warn(
        { event: 'outbound-delivery', eventId: delivery.eventId, target: delivery.targetId },
        'outbound receipt not written: the claim ran out and another relay took the delivery',
      );
      return;
    }
    this.count(delivery, verdict, result, attempts, wait);
    this.deps.onReceipt?.(delivery, receipt);
  }

  private count(
    delivery: ClaimedDelivery,
    verdict: 'delivered' | 'retry' | 'failed',
    result: AttemptResult,
    attempts: number,
    waitMs: number,
  ): void {
    const kind = delivery.targetKind;
    const fields = {
      event: 'outbound-delivery',
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      room: delivery.roomId,
      target: delivery.targetId,
      kind,
      attempts,
      status: result.status,
      error: result.error,
    };
    if (verdict === 'delivered') {
      this.deps.metrics.outboundDelivered.inc({ kind });
      this.deps.logger.info(fields, 'outbound event delivered');
    } else if (verdict === 'retry') {
      this.deps.metrics.outboundRetries.inc({ kind });
      this.deps.logger.warn({ ...fields, retryInMs: waitMs }, 'outbound delivery will be retried');
    } else {
      this.deps.metrics.outboundFailed.inc({ kind });
      this.deps.logger.error(fields, 'outbound delivery failed for good');
    }
  }
}
