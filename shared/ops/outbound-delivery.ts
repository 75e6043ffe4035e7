import { z } from 'zod';
import type * as Y from 'yjs';
import { ROOT } from '../doc/format';
import { isRecord } from '../doc/shapes';
import { checkContext, commit, type OperationContext } from './context';
import { parseInput } from './validate';

/** Where a published update stands with one outbound target (docs/OUTBOUND.md). */
export const OUTBOUND_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type OutboundDeliveryState = (typeof OUTBOUND_DELIVERY_STATES)[number];

/** Outbound target ids (the relay's outbound file names them; they key this map too). */
export const OUTBOUND_TARGET_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TARGET_ID = OUTBOUND_TARGET_ID_PATTERN;

const deliverySchema = z.strictObject({
  /** `webhook` or `slack`; a kind a newer relay adds is kept as text. */
  kind: z.string().min(1).max(32),
  /** pending: not arrived yet (retrying); delivered; failed: given up after `attempts` tries. */
  state: z.enum(OUTBOUND_DELIVERY_STATES),
  attempts: z.int().min(0).max(1_000),
  /** The receiver's last HTTP status, or null when none came (refused, timed out). */
  lastStatus: z.int().min(100).max(599).nullable(),
  /** Why the last try failed, for people ("HTTP 502", "no answer (ECONNREFUSED)"); no secret. */
  lastError: z.string().max(200).nullable(),
  /** When the last try ended (ISO-8601 UTC). */
  at: z.iso.datetime(),
});

export type OutboundDelivery = z.output<typeof deliverySchema>;

const recordSchema = z.strictObject({
  /** The published update's id (`statusUpdates[].id`). */
  updateId: z.string().min(1).max(64),
  targetId: z.string().regex(TARGET_ID),
  delivery: deliverySchema,
});

export type RecordOutboundDeliveryInput = z.input<typeof recordSchema>;

function deliveriesRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.outboundDeliveries);
}

/**
 * The key of one (published update, target) pair. Target ids have no space, so the last space
 * splits it. Each pair has its own key: relays sharing a room (shared mode) send an update to
 * different targets at once, and one object per update, replaced whole, kept only the receipt
 * written last when two relays wrote theirs concurrently.
 */
function deliveryKey(updateId: string, targetId: string): string {
  return `${updateId} ${targetId}`;
}

/**
 * The relay records how a published update's delivery to one target stands, so everyone in
 * the room can see that Slack has not had the last update after 3 tries (HTTP 502). Written
 * under `<update id> <target id>`, replacing that pair's value only. Only the relay's sender
 * writes it; a room without outbound targets never has it.
 */
export function recordOutboundDelivery(
  doc: Y.Doc,
  ctx: OperationContext,
  input: RecordOutboundDeliveryInput,
): void {
  checkContext(ctx);
  const parsed = parseInput(recordSchema, input);
  const root = deliveriesRoot(doc);
  commit(doc, ctx, () => {
    root.set(deliveryKey(parsed.updateId, parsed.targetId), parsed.delivery);
  });
}

/** Update id → target id → delivery; values that do not fit are dropped (a peer may write junk). */
export function readOutboundDeliveries(
  doc: Y.Doc,
): Record<string, Record<string, OutboundDelivery>> {
  return readOutboundDeliveriesRoot(deliveriesRoot(doc));
}

/**
 * The same, from the root itself (the room's read model reads it among the other roots). Reads
 * both forms: a pair's own key, and an update id whose value holds every target (what relays
 * wrote before pairs had keys of their own); a pair's own key wins.
 */
export function readOutboundDeliveriesRoot(
  root: Y.Map<unknown>,
): Record<string, Record<string, OutboundDelivery>> {
  const result: Record<string, Record<string, OutboundDelivery>> = {};
  const pairs: [string, string, OutboundDelivery][] = [];
  for (const [key, value] of root.entries()) {
    const pair = deliveryOfPair(key, value);
    if (pair) {
      pairs.push(pair);
      continue;
    }
    const targets = readTargets(value);
    if (Object.keys(targets).length > 0) result[key] = { ...result[key], ...targets };
  }
  for (const [updateId, targetId, delivery] of pairs) {
    result[updateId] = { ...result[updateId], [targetId]: delivery };
  }
  return result;
}

/** `[update id, target id, delivery]` when `key` is a pair's own and its value a delivery. */
function deliveryOfPair(key: string, value: unknown): [string, string, OutboundDelivery] | null {
  const space = key.lastIndexOf(' ');
  if (space <= 0) return null;
  const targetId = key.slice(space + 1);
  const parsed = deliverySchema.safeParse(value);
  if (!TARGET_ID.test(targetId) || !parsed.success) return null;
  return [key.slice(0, space), targetId, parsed.data];
}

function readTargets(value: unknown): Record<string, OutboundDelivery> {
  const targets: Record<string, OutboundDelivery> = {};
  if (!isRecord(value)) return targets;
  for (const [targetId, delivery] of Object.entries(value)) {
    const parsed = deliverySchema.safeParse(delivery);
    if (TARGET_ID.test(targetId) && parsed.success) targets[targetId] = parsed.data;
  }
  return targets;
}
