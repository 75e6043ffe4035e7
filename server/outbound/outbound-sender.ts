import type { RelayLogger } from '../logging/logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import {
  DELIVERED_RETENTION_MS,
  type Delivery,
  type DeliveryState,
  type OutboxStore,
} from '../storage/outbox-store';
import type { OutboundEvent } from './outbound-event';
import type { OutboundConfig, OutboundTarget } from './outbound-file';
import { retryAfterMs, retryDelayMs } from './retry-policy';
import { sendAttempt, type AttemptResult } from './send-attempt';
import { slackRequest } from './slack-message';
import { SmtpSender } from './smtp-sender';
import { sendToStatuspage } from './statuspage-incident';
import type { FollowUpIssueStore } from './trackers/follow-up-issue-store';
import { sendFollowUp } from './trackers/tracker-delivery';
import { webhookRequest } from './webhook-request';

/** Requests in flight at once, over all queues; one per (room, target) queue. */
const MAX_IN_FLIGHT = 8;
/** A queue whose try failed unexpectedly (a receipt that could not be written) waits this long. */
const UNEXPECTED_FAILURE_PAUSE_MS = 5_000;
/** Old receipts are forgotten at most this often, on the sender's own path (no extra timer). */
const FORGET_EVERY_MS = 3600_000;

/** A try's receipt, as stored on the outbox row. */
export interface DeliveryReceipt {
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly at: number;
}

export interface OutboundSenderDeps {
  readonly store: OutboxStore;
  readonly config: OutboundConfig;
  readonly metrics: RelayMetrics;
  readonly logger: RelayLogger;
  /** The issues made of follow-ups (tracker targets); without it tracker deliveries fail. */
  readonly followUps?: FollowUpIssueStore;
  /** After each try's receipt is stored (the room shows its published updates' deliveries). */
  readonly onReceipt?: (delivery: Delivery, receipt: DeliveryReceipt) => void;
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
 * `Idempotency-Key`.
 */
export class OutboundSender {
  private readonly inFlight = new Set<string>();
  /** Queues paused after an unexpected failure, until a time (ms): never a hot loop of retries. */
  private readonly paused = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();
  private readonly smtp = new SmtpSender();
  private timer: NodeJS.Timeout | null = null;
  private passQueued = false;
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
      this.pass();
    });
  }

  /** Stops trying; requests in flight are abandoned and their rows stay pending for next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.shutdown.abort();
    this.smtp.close(); // a message in flight is abandoned like a request: it stays pending
    await Promise.allSettled([...this.running]);
  }

  private pass(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.now();
    let soonest = Infinity;
    try {
      if (now - this.forgottenAt >= FORGET_EVERY_MS) {
        this.forgottenAt = now;
        this.deps.store.forgetDelivered(now - DELIVERED_RETENTION_MS);
      }
      for (const head of this.deps.store.queueHeads()) {
        const queue = `${head.roomId}\0${head.targetId}`;
        if (this.inFlight.has(queue)) continue;
        const due = Math.max(head.nextAttemptAt, this.paused.get(queue) ?? 0);
        if (due > now) soonest = Math.min(soonest, due);
        else if (this.inFlight.size < MAX_IN_FLIGHT) this.begin(queue, head);
      }
      this.deps.metrics.outboundPending.set(this.deps.store.pendingCount());
    } catch (error) {
      // The database is failing; the next stored change or the timer below tries again.
      this.deps.logger.error({ err: error }, 'outbound queues could not be read');
      soonest = now + 1_000;
    }
    if (soonest < Infinity) {
      this.timer = setTimeout(() => this.wake(), Math.max(0, soonest - now));
    }
  }

  private begin(queue: string, delivery: Delivery): void {
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

  private async attempt(delivery: Delivery): Promise<void> {
    const target = this.deps.config.targets.get(delivery.targetId);
    if (!target) {
      const error = 'the target is no longer in the outbound file';
      return this.record(
        delivery,
        { verdict: 'failed', status: null, error, retryAfter: null },
        false,
      );
    }
    // Written by OutboundRoomWatch from an OutboundEvent; only this relay writes the table.
    const event = JSON.parse(delivery.event) as OutboundEvent;
    const result = await this.send(event, target);
    // Shutting down: the answer may never be recorded; the row stays pending and the next
    // start sends it again under the same Idempotency-Key.
    if (this.closed) return;
    const last = delivery.attempts + 1 >= this.deps.config.delivery.maxAttempts;
    this.record(
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

  private record(
    delivery: Delivery,
    result: AttemptResult,
    /** False when nothing was sent (the target is gone). */
    tried = true,
  ): void {
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
    this.deps.store.recordAttempt(delivery.seq, {
      state,
      attempts,
      nextAttemptAt: now + wait,
      lastStatus: result.status,
      lastError: result.error,
      deliveredAt: state === 'delivered' ? now : null,
    });
    this.count(delivery, verdict, result, attempts, wait);
    this.deps.onReceipt?.(delivery, receipt);
  }

  private count(
    delivery: Delivery,
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
