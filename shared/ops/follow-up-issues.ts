import { z } from 'zod';
import * as Y from 'yjs';
import type { Person } from '../doc/types';
import { ROOT } from '../doc/format';
import { findEntityMap } from '../doc/roots';
import { asIso, asPerson, isRecord } from '../doc/shapes';
import { toIso } from '../util/time';
import { requireLiveItem } from './action-items';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { OUTBOUND_TARGET_ID_PATTERN } from './outbound-delivery';
import { requireDeclared } from './room-guard';
import { actorPerson, idSchema, parseInput } from './validate';

/**
 * Follow-ups to trackers (docs/OUTBOUND.md): someone in the room asks for an action item to be
 * sent to a tracker target of the relay (`github`, `jira`); the relay creates the issue once and
 * writes its URL back. Two keys of the action item's map, each a plain object keyed by target
 * id and replaced whole: `followUpRequests` (written by people) and `followUpIssues` (written by
 * the relay only). Separate keys, so a person's request and the relay's answer never overwrite
 * each other.
 */
export const FOLLOW_UP_REQUESTS_KEY = 'followUpRequests';
export const FOLLOW_UP_ISSUES_KEY = 'followUpIssues';

/** Someone asked for the item to be sent to a target, at a time. */
export interface FollowUpRequest {
  readonly by: Person;
  readonly at: string;
}

const issueSchema = z.strictObject({
  /** created: the tracker has it (url); failed: refused for good (error, e.g. "HTTP 401"). */
  state: z.enum(['created', 'failed']),
  /** The issue's page (GitHub html_url, Jira …/browse/KEY); null when failed. */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable(),
  /** The tracker's short name for it: `#42`, `OPS-7`; null when failed. */
  ref: z.string().max(100).nullable(),
  /** Why it failed, for people; never a credential. */
  error: z.string().max(200).nullable(),
  at: z.iso.datetime(),
});

export type FollowUpIssue = z.output<typeof issueSchema>;

/** What a reader sees of an item's follow-ups, per target id. */
export interface FollowUpState {
  readonly requests: Record<string, FollowUpRequest>;
  readonly issues: Record<string, FollowUpIssue>;
}

const targetIdSchema = z.string().regex(OUTBOUND_TARGET_ID_PATTERN, {
  error: 'must be an outbound target id',
});
const requestSchema = z.object({ itemId: idSchema, targetId: targetIdSchema });
export type RequestFollowUpIssueInput = z.input<typeof requestSchema>;

/**
 * Asks the relay to send an action item to a tracker target. Asking again while no issue is
 * recorded is allowed (the relay still makes one issue); once an issue exists it is refused.
 */
export function requestFollowUpIssue(
  doc: Y.Doc,
  ctx: OperationContext,
  input: RequestFollowUpIssueInput,
): void {
  checkContext(ctx);
  const parsed = parseInput(requestSchema, input);
  const room = requireDeclared(doc);
  const item = requireLiveItem(room.roots.actionItems, parsed.itemId);
  if (readFollowUps(item).issues[parsed.targetId]?.state === 'created') {
    throw new OperationError('invalid-transition', 'That action item already has an issue there.');
  }
  commit(doc, ctx, () => requestOn(item, parsed.targetId, ctx));
}

const bulkSchema = z.object({ targetId: targetIdSchema });
export type RequestAllFollowUpsInput = z.input<typeof bulkSchema>;

/**
 * "Send all open follow-ups": requests every live item that is not done or won't-do and has
 * neither an issue nor a request for the target yet, in one transaction. Returns how many.
 */
export function requestAllFollowUps(
  doc: Y.Doc,
  ctx: OperationContext,
  input: RequestAllFollowUpsInput,
): { requested: number } {
  checkContext(ctx);
  const parsed = parseInput(bulkSchema, input);
  const room = requireDeclared(doc);
  const chosen: Y.Map<unknown>[] = [];
  for (const value of room.roots.actionItems) {
    if (!(value instanceof Y.Map)) continue;
    const item = value as Y.Map<unknown>;
    const status = item.get('status');
    if (item.get('deleted') || status === 'done' || status === 'wont-do') continue;
    const state = readFollowUps(item);
    if (state.issues[parsed.targetId] || state.requests[parsed.targetId]) continue;
    chosen.push(item);
  }
  if (chosen.length === 0) return { requested: 0 };
  return commit(doc, ctx, () => {
    for (const item of chosen) requestOn(item, parsed.targetId, ctx);
    return { requested: chosen.length };
  });
}

const recordSchema = z.object({
  itemId: idSchema,
  targetId: targetIdSchema,
  issue: issueSchema,
});
export type RecordFollowUpIssueInput = z.input<typeof recordSchema>;

/** The relay writes the tracker's answer (the issue, or why it was refused) into the item. */
export function recordFollowUpIssue(
  doc: Y.Doc,
  ctx: OperationContext,
  input: RecordFollowUpIssueInput,
): void {
  checkContext(ctx);
  const parsed = parseInput(recordSchema, input);
  const room = requireDeclared(doc);
  const item = findEntityMap(room.roots.actionItems, parsed.itemId);
  if (!item) throw new OperationError('not-found', `No action item has id ${parsed.itemId}.`);
  const current = readFollowUps(item).issues;
  commit(doc, ctx, () => {
    item.set(FOLLOW_UP_ISSUES_KEY, { ...current, [parsed.targetId]: parsed.issue });
  });
}

/** A tracker target the relay offers: its id (from the outbound file) and kind. */
export interface FollowUpTarget {
  readonly id: string;
  /** `github` or `jira`; a kind a newer relay adds is kept as text. */
  readonly kind: string;
}

const offerSchema = z.object({
  targets: z
    .array(z.strictObject({ id: targetIdSchema, kind: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/) }))
    .max(50),
});
export type OfferFollowUpTargetsInput = z.input<typeof offerSchema>;

/**
 * The relay says which tracker targets it can send follow-ups to (`followUpTargets`: target id
 * → `{ kind }`), so the room can offer "Send to …". Writes only what differs, so a relay that
 * loads a room whose list is current changes nothing; returns whether it wrote.
 */
export function offerFollowUpTargets(
  doc: Y.Doc,
  ctx: OperationContext,
  input: OfferFollowUpTargetsInput,
): boolean {
  checkContext(ctx);
  const parsed = parseInput(offerSchema, input);
  const root = doc.getMap(ROOT.followUpTargets);
  const wanted = new Map(parsed.targets.map((target) => [target.id, target.kind]));
  const stale = [...root.keys()].filter((id) => !wanted.has(id));
  const changed = [...wanted].filter(([id, kind]) => {
    const value = root.get(id);
    return !isRecord(value) || value.kind !== kind;
  });
  if (stale.length === 0 && changed.length === 0) return false;
  commit(doc, ctx, () => {
    for (const id of stale) root.delete(id);
    for (const [id, kind] of changed) root.set(id, { kind });
  });
  return true;
}

/** The offered targets, by id; entries that do not fit are dropped. */
export function readFollowUpTargetsRoot(root: Y.Map<unknown>): FollowUpTarget[] {
  const targets: FollowUpTarget[] = [];
  for (const [id, value] of root.entries()) {
    if (!OUTBOUND_TARGET_ID_PATTERN.test(id) || !isRecord(value)) continue;
    if (typeof value.kind === 'string' && value.kind !== '') targets.push({ id, kind: value.kind });
  }
  return targets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function requestOn(item: Y.Map<unknown>, targetId: string, ctx: OperationContext): void {
  const current = readFollowUps(item).requests;
  const request: FollowUpRequest = { by: actorPerson(ctx), at: toIso(ctx.now()) };
  item.set(FOLLOW_UP_REQUESTS_KEY, { ...current, [targetId]: request });
}

/** An item's requests and issues; entries that do not fit are dropped (a peer may write junk). */
export function readFollowUps(item: Y.Map<unknown>): FollowUpState {
  const requests: Record<string, FollowUpRequest> = {};
  const issues: Record<string, FollowUpIssue> = {};
  const storedRequests = item.get(FOLLOW_UP_REQUESTS_KEY);
  if (isRecord(storedRequests)) {
    for (const [targetId, value] of Object.entries(storedRequests)) {
      const by = isRecord(value) ? asPerson(value.by) : null;
      const at = isRecord(value) ? asIso(value.at) : null;
      if (OUTBOUND_TARGET_ID_PATTERN.test(targetId) && by && at) requests[targetId] = { by, at };
    }
  }
  const storedIssues = item.get(FOLLOW_UP_ISSUES_KEY);
  if (isRecord(storedIssues)) {
    for (const [targetId, value] of Object.entries(storedIssues)) {
      const parsed = issueSchema.safeParse(value);
      if (OUTBOUND_TARGET_ID_PATTERN.test(targetId) && parsed.success) {
        issues[targetId] = parsed.data;
      }
    }
  }
  return { requests, issues };
}
