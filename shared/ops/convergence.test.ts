import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ENTRY_KINDS, MILESTONES, SEVERITIES } from '../doc/enums';
import { PEOPLE, ROOM_START } from '../fixtures/test-room';
import { ScriptedClock } from '../fixtures/scripted-clock';
import { readRoom } from '../read/read-room';
import { compareTimelineEntries } from '../read/timeline-order';
import type { RoomSnapshot } from '../read/types';
import type { OperationContext } from './context';
import * as ops from './index';
import { isOperationError } from './operation-error';

/**
 * Three replicas (IC, comms lead, ops lead) run random operations while their updates travel in
 * random order, some twice, some late, with replicas going offline and coming back. Once every
 * update has reached everyone, every replica must read the same room, hold the same state
 * vector, and the room's invariants must hold. Refusals are part of the game: a replica acting
 * on a stale view (say, approving as IC after a handover it has not seen) is refused locally.
 */

const REMOTE = 'remote';
const ACTORS = [PEOPLE.ic, PEOPLE.comms, PEOPLE.ops];
const TEXTS = ['pool at 98%', 'failover started', 'lag 47 s', 'rollback', 'cache cold', ''];
const SMES = [
  { id: 'u-dba', name: 'Dana' },
  { id: 'named:priya', name: 'Priya' },
];
const AREAS = ['database', 'network', 'payments edge'];
const DRAFTS = [
  'Investigating checkout errors.',
  'Identified: bad deploy.',
  'Monitoring after rollback.',
];

type Action =
  | {
      type: 'op';
      replica: number;
      op: number;
      pick: number;
      text: number;
      minutes: number;
      flag: boolean;
    }
  | { type: 'deliver'; update: number; to: number }
  | { type: 'advance'; minutes: number }
  | { type: 'offline'; replica: number }
  | { type: 'online'; replica: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('op' as const),
      replica: fc.nat(2),
      op: fc.nat(29),
      pick: fc.nat(50),
      text: fc.nat(TEXTS.length - 1),
      minutes: fc.nat(90),
      flag: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('deliver' as const),
      update: fc.nat(500),
      to: fc.nat(2),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('advance' as const), minutes: fc.nat(20) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('offline' as const), replica: fc.nat(2) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('online' as const), replica: fc.nat(2) }) },
);

interface World {
  docs: Y.Doc[];
  pool: Uint8Array[];
  offline: boolean[];
  clock: ScriptedClock;
  approvedTexts: Set<string>;
}

function createWorld(): World {
  const clock = new ScriptedClock(ROOM_START);
  const origin = new Y.Doc();
  ops.declareIncident(origin, clock.as(PEOPLE.ic), {
    title: 'Convergence drill',
    severity: 'SEV2',
    roles: { comms: PEOPLE.comms, ops: PEOPLE.ops },
    policy: { stabilizationMinutes: 10 },
  });
  // Something to edit, decide and supersede from the first step on.
  const ic = clock.as(PEOPLE.ic);
  ops.logEntry(origin, ic, { text: 'error rate 4.2%', kind: 'observation' });
  ops.logEntry(origin, ic, { text: 'deploy at 02:30', kind: 'action', at: '2026-03-24T02:30:00Z' });
  ops.proposeDecision(origin, clock.as(PEOPLE.ops), { proposal: 'roll back' });
  const approved = ops.proposeDecision(origin, clock.as(PEOPLE.ops), { proposal: 'page the DBA' });
  ops.approveDecision(origin, ic, { id: approved.id });
  ops.addActionItem(origin, ic, { title: 'pin the pool size' });
  const base = Y.encodeStateAsUpdate(origin);
  const world: World = {
    docs: [],
    pool: [],
    offline: [false, false, false],
    clock,
    approvedTexts: new Set(),
  };
  for (let i = 0; i < 3; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base, REMOTE);
    doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from !== REMOTE) world.pool.push(update);
    });
    world.docs.push(doc);
  }
  return world;
}

function entityMaps(doc: Y.Doc, root: string): Array<Y.Map<unknown>> {
  return doc
    .getArray<unknown>(root)
    .toArray()
    .filter((item): item is Y.Map<unknown> => item instanceof Y.Map);
}

/** Ids of the entities an operation can sensibly target, so most attempts are not refusals. */
function targets(doc: Y.Doc) {
  const idsOf = (maps: Array<Y.Map<unknown>>) => maps.map((map) => String(map.get('id')));
  const entries = entityMaps(doc, 'timeline').filter(
    (map) => !map.get('ref') && !map.get('deleted'),
  );
  const decisions = entityMaps(doc, 'decisions');
  const status = (map: Y.Map<unknown>) =>
    (map.get('outcome') as { status?: string } | null)?.status ?? 'proposed';
  return {
    entries: idsOf(entries),
    pending: idsOf(decisions.filter((map) => status(map) === 'proposed')),
    approved: idsOf(
      decisions.filter((map) => status(map) === 'approved' && !map.get('supersession')),
    ),
    items: idsOf(entityMaps(doc, 'actionItems').filter((map) => !map.get('deleted'))),
  };
}

function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function runOperation(world: World, action: Extract<Action, { type: 'op' }>): void {
  const doc = world.docs[action.replica]!;
  const ctx: OperationContext = {
    ...world.clock.as(ACTORS[action.replica]!),
    offline: world.offline[action.replica],
    clockOffsetMs: action.replica * 250,
  };
  const text = TEXTS[action.text] ?? '';
  const target = targets(doc);
  const entryId = pickFrom(target.entries, action.pick) ?? 'none';
  const pendingId = pickFrom(target.pending, action.pick) ?? 'none';
  const approvedId = pickFrom(target.approved, action.pick) ?? 'none';
  const itemId = pickFrom(target.items, action.pick) ?? 'none';
  const tolerate = (attempt: () => unknown) => {
    try {
      attempt();
    } catch (error) {
      if (!isOperationError(error)) throw error;
    }
  };
  const approveDraft = () => {
    ops.approveStatusUpdate(doc, ctx);
    world.approvedTexts.add(doc.getText('statusDraft').toJSON());
  };
  const at = world.clock.now() - action.minutes * 60_000;
  const ops_: Array<() => unknown> = [
    () => ops.logEntry(doc, ctx, { text, kind: pickFrom(ENTRY_KINDS, action.pick), at }),
    () => ops.logEntry(doc, ctx, { text: `${text} (scribed)`, author: 'bridge call', at }),
    () => ops.editEntry(doc, ctx, { id: entryId, text: `${text} corrected ${action.minutes}` }),
    () =>
      ops.editEntry(doc, ctx, { id: entryId, at, kind: action.flag ? 'action' : 'observation' }),
    () => ops.deleteEntry(doc, ctx, { id: entryId }),
    () =>
      action.flag
        ? ops.pinEntry(doc, ctx, { id: entryId })
        : ops.unpinEntry(doc, ctx, { id: entryId }),
    () => ops.setSeverity(doc, ctx, { severity: pickFrom(SEVERITIES, action.pick)! }),
    () =>
      ops.setPhase(doc, ctx, {
        phase: pickFrom(['investigating', 'identified', 'monitoring'] as const, action.pick)!,
      }),
    () =>
      ops.assignRole(doc, ctx, {
        role: action.flag ? 'ic' : 'scribe',
        person: pickFrom(ACTORS, action.pick)!,
      }),
    () =>
      ops.proposeDecision(doc, ctx, {
        proposal: `try ${text || 'failover'}`,
        risk: action.flag ? 'some' : '',
      }),
    () => ops.approveDecision(doc, ctx, { id: pendingId }),
    () => ops.rejectDecision(doc, ctx, { id: pendingId, reason: text }),
    () => ops.supersedeDecision(doc, ctx, { id: approvedId, reason: 'plan changed' }),
    () => ops.setStatusDraft(doc, ctx, { text: pickFrom(DRAFTS, action.pick)! }),
    () =>
      doc
        .getText('statusDraft')
        .insert(action.pick % (doc.getText('statusDraft').length + 1), text),
    () => ops.requestStatusReview(doc, ctx),
    approveDraft,
    () => {
      // A whole review round on one replica, so publication races with edits elsewhere.
      tolerate(() => ops.setStatusDraft(doc, ctx, { text: pickFrom(DRAFTS, action.pick)! }));
      tolerate(() => ops.requestStatusReview(doc, ctx));
      approveDraft();
      if (action.flag) ops.publishStatusUpdate(doc, ctx);
    },
    () => {
      // Someone types into the draft between approval and publication.
      tolerate(() => ops.requestStatusReview(doc, ctx));
      tolerate(approveDraft);
      doc.getText('statusDraft').insert(0, `[${action.pick}] `);
      ops.publishStatusUpdate(doc, ctx);
    },
    () => ops.publishStatusUpdate(doc, ctx),
    () =>
      ops.setMilestone(doc, ctx, {
        name: pickFrom(MILESTONES.slice(0, 5), action.pick)!,
        at: action.flag ? at : null,
      }),
    () => ops.markChecklistItem(doc, ctx, { itemId: `step-${action.pick % 4}`, done: action.flag }),
    () =>
      ops.addActionItem(doc, ctx, {
        title: `follow up ${text || 'pool'}`,
        owner: ACTORS[action.replica]!.name,
      }),
    () =>
      ops.updateActionItem(
        doc,
        ctx,
        action.flag ? { id: itemId, status: 'done' } : { id: itemId, due: '2026-04-01' },
      ),
    () =>
      ops.setPostmortemField(doc, ctx, {
        field: action.flag ? 'summary' : 'wentWell',
        text: `${text} ${action.pick}`,
      }),
    () => ops.resolveIncident(doc, ctx, action.flag ? { overrideReason: 'drill' } : {}),
    () => ops.setLink(doc, ctx, { key: 'bridge', url: `https://meet.example.com/${action.pick}` }),
    () =>
      ops.addExpert(doc, ctx, {
        person: pickFrom(SMES, action.pick)!,
        area: pickFrom(AREAS, action.pick + action.minutes)!,
      }),
    () =>
      ops.changeExpertArea(doc, ctx, {
        id: pickFrom(SMES, action.pick)!.id,
        area: pickFrom(AREAS, action.minutes)!,
      }),
    () => ops.standDownExpert(doc, ctx, { id: pickFrom(SMES, action.pick)!.id }),
  ];
  try {
    ops_[action.op % ops_.length]!();
  } catch (error) {
    if (!isOperationError(error)) throw error;
  }
}

function run(world: World, actions: Action[]): void {
  for (const action of actions) {
    switch (action.type) {
      case 'op':
        runOperation(world, action);
        break;
      case 'deliver': {
        const update = world.pool[action.update % Math.max(1, world.pool.length)];
        if (update && !world.offline[action.to])
          Y.applyUpdate(world.docs[action.to]!, update, REMOTE);
        break;
      }
      case 'advance':
        world.clock.advanceMinutes(action.minutes);
        break;
      case 'offline':
        world.offline[action.replica] = true;
        break;
      case 'online':
        world.offline[action.replica] = false;
        break;
    }
  }
}

function checkInvariants(room: RoomSnapshot, approvedTexts: Set<string>): void {
  const visible = new Set(room.timeline.map((entry) => entry.id));
  for (let i = 1; i < room.timeline.length; i++) {
    expect(compareTimelineEntries(room.timeline[i - 1]!, room.timeline[i]!)).toBeLessThan(0);
  }
  for (const decision of room.decisions) {
    if (decision.status === 'approved' || decision.status === 'rejected') {
      expect(decision.outcomeEntryId !== null && visible.has(decision.outcomeEntryId)).toBe(true);
    }
  }
  for (const update of room.status.updates) {
    expect(approvedTexts.has(update.text)).toBe(true);
    expect(visible.has(update.entryId)).toBe(true);
  }
  if (room.status.review === 'approved') expect(room.status.approval?.text).toBe(room.status.draft);
  if (room.phase === 'resolved') expect(room.milestones.resolved).not.toBeNull();
  // An SME is only ever written together with the timeline entry that records it.
  for (const expert of room.experts) {
    const recorded = room.timeline.some(
      (entry) => entry.ref?.type === 'expert' && entry.ref.person.id === expert.id,
    );
    expect(recorded).toBe(true);
  }
  expect(room.pendingDecisions.every((d) => d.status === 'proposed')).toBe(true);
}

describe('convergence of three replicas under random operations and delivery', () => {
  it('ends in identical state and holds every invariant', () => {
    fc.assert(
      fc.property(
        fc.array(actionArb, { minLength: 10, maxLength: 50, size: 'medium' }),
        fc.array(fc.nat(), { maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (actions, shuffle, duplicates) => {
          const world = createWorld();
          run(world, actions);
          // Everyone comes back online; every update reaches every replica in its own random
          // order, with some delivered twice.
          world.docs.forEach((doc, replica) => {
            const order = world.pool.map((_, i) => i);
            for (let i = order.length - 1; i > 0; i--) {
              const j = (shuffle[(i + replica * 7) % Math.max(1, shuffle.length)] ?? 0) % (i + 1);
              [order[i], order[j]] = [order[j]!, order[i]!];
            }
            for (const index of order) Y.applyUpdate(doc, world.pool[index]!, REMOTE);
            for (const d of duplicates) {
              const update = world.pool[d % Math.max(1, world.pool.length)];
              if (update) Y.applyUpdate(doc, update, REMOTE);
            }
          });
          const now = world.clock.now();
          const rooms = world.docs.map((doc) => readRoom(doc, { now }));
          expect(rooms[1]).toEqual(rooms[0]);
          expect(rooms[2]).toEqual(rooms[0]);
          const vectors = world.docs.map((doc) => Array.from(Y.encodeStateVector(doc)));
          expect(vectors[1]).toEqual(vectors[0]);
          expect(vectors[2]).toEqual(vectors[0]);
          checkInvariants(rooms[0]!, world.approvedTexts);
        },
      ),
      { numRuns: 100 },
    );
  });
});
