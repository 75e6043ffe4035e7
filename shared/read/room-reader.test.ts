import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ENTRY_KINDS, MILESTONES, SEVERITIES } from '../doc/enums';
import { declaredTestRoom, PEOPLE, ROOM_START } from '../fixtures/test-room';
import { ScriptedClock } from '../fixtures/scripted-clock';
import type { OperationContext } from '../ops/context';
import * as ops from '../ops/index';
import { isOperationError } from '../ops/operation-error';
import { recordOutboundDelivery } from '../ops/outbound-delivery';
import { readRoom } from './read-room';
import { RoomReader } from './room-reader';

/**
 * Two replicas of one room: operations run on either, the other's updates reach the watched
 * replica in random batches (as a sync burst or an offline merge would), and now and then a
 * misbehaving peer writes junk straight into the document. Whenever the reader reads, its
 * snapshot must equal a fresh `readRoom` of the same document at the same time.
 */

const ACTORS = [PEOPLE.ic, PEOPLE.comms, PEOPLE.ops, PEOPLE.scribe];
const TEXTS = ['pool at 98%', 'failover started', 'lag 47 s', 'rollback', ''];
const SMES = [
  { id: 'u-dba', name: 'Dana' },
  { id: 'named:priya', name: 'Priya' },
];
const AREAS = ['database', 'network'];
const OPERATION_COUNT = 32;

type Action =
  | { type: 'op'; replica: number; op: number; pick: number; minutes: number; flag: boolean }
  | { type: 'deliver'; count: number }
  | { type: 'advance'; minutes: number }
  | { type: 'read' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('op' as const),
      replica: fc.nat(1),
      op: fc.nat(OPERATION_COUNT - 1),
      pick: fc.nat(40),
      minutes: fc.nat(90),
      flag: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('deliver' as const), count: fc.nat(8) }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('advance' as const), minutes: fc.nat(30) }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('read' as const) }) },
);

const REMOTE = 'remote';

interface World {
  watched: Y.Doc;
  other: Y.Doc;
  inFlight: Uint8Array[];
  clock: ScriptedClock;
}

function createWorld(declared: boolean): World {
  const clock = new ScriptedClock(ROOM_START);
  const watched = new Y.Doc();
  const other = new Y.Doc();
  if (declared) {
    const seed = declaredTestRoom();
    ops.logEntry(seed.doc, seed.ops, { text: 'error rate 4.2%', kind: 'observation' });
    ops.proposeDecision(seed.doc, seed.ops, { proposal: 'roll back' });
    const base = Y.encodeStateAsUpdate(seed.doc);
    Y.applyUpdate(watched, base, REMOTE);
    Y.applyUpdate(other, base, REMOTE);
  }
  const world: World = { watched, other, inFlight: [], clock };
  // The watched replica's own edits reach the other at once; the other's wait to be delivered.
  watched.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) Y.applyUpdate(other, update, REMOTE);
  });
  other.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) world.inFlight.push(update);
  });
  return world;
}

function mapsIn(doc: Y.Doc, root: string): Array<Y.Map<unknown>> {
  return doc
    .getArray<unknown>(root)
    .toArray()
    .filter((item): item is Y.Map<unknown> => item instanceof Y.Map);
}

function idOf(map: Y.Map<unknown> | undefined): string {
  const id = map?.get('id');
  return typeof id === 'string' ? id : 'none';
}

function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function runOperation(world: World, action: Extract<Action, { type: 'op' }>): void {
  const doc = action.replica === 0 ? world.watched : world.other;
  const actor = ACTORS[action.pick % ACTORS.length]!;
  const ctx: OperationContext = { ...world.clock.as(actor), offline: action.replica === 1 };
  const text = TEXTS[action.pick % TEXTS.length]!;
  const entries = mapsIn(doc, 'timeline');
  const entry = pickFrom(entries, action.pick);
  const entryId = idOf(entry);
  const decisionId = idOf(pickFrom(mapsIn(doc, 'decisions'), action.pick));
  const itemId = idOf(pickFrom(mapsIn(doc, 'actionItems'), action.pick));
  const at = world.clock.now() - action.minutes * 60_000;
  const operations: Array<() => unknown> = [
    () => ops.declareIncident(doc, ctx, { title: `drill ${action.pick}`, severity: 'SEV2' }),
    () => ops.logEntry(doc, ctx, { text, kind: pickFrom(ENTRY_KINDS, action.pick), at }),
    () => ops.logEntry(doc, ctx, { text: `${text} (scribed)`, author: 'bridge call' }),
    () => ops.editEntry(doc, ctx, { id: entryId, text: `${text} corrected ${action.minutes}` }),
    () => ops.editEntry(doc, ctx, { id: entryId, at, kind: action.flag ? 'action' : 'note' }),
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
    () => ops.assignRole(doc, ctx, { role: action.flag ? 'ic' : 'scribe', person: actor }),
    () => ops.proposeDecision(doc, ctx, { proposal: `try ${text || 'failover'}` }),
    () => ops.approveDecision(doc, ctx, { id: decisionId }),
    () => ops.rejectDecision(doc, ctx, { id: decisionId, reason: text }),
    () => ops.setStatusDraft(doc, ctx, { text: `Investigating ${text}.` }),
    () => doc.getText('statusDraft').insert(0, text),
    () => ops.requestStatusReview(doc, ctx),
    () => ops.approveStatusUpdate(doc, ctx),
    () => ops.publishStatusUpdate(doc, ctx),
    () =>
      ops.setMilestone(doc, ctx, {
        name: pickFrom(MILESTONES.slice(0, 5), action.pick)!,
        at: action.flag ? at : null,
      }),
    () => ops.markChecklistItem(doc, ctx, { itemId: `step-${action.pick % 4}`, done: action.flag }),
    () => ops.addActionItem(doc, ctx, { title: `follow up ${text || 'pool'}` }),
    () => ops.updateActionItem(doc, ctx, { id: itemId, status: action.flag ? 'done' : 'open' }),
    () =>
      ops.setPostmortemField(doc, ctx, {
        field: action.flag ? 'summary' : 'wentWell',
        text: `${text} ${action.pick}`,
      }),
    () =>
      ops.addExpert(doc, ctx, {
        person: pickFrom(SMES, action.pick)!,
        area: pickFrom(AREAS, action.minutes)!,
      }),
    () =>
      ops.changeExpertArea(doc, ctx, {
        id: pickFrom(SMES, action.pick)!.id,
        area: pickFrom(AREAS, action.minutes)!,
      }),
    () => ops.standDownExpert(doc, ctx, { id: pickFrom(SMES, action.pick)!.id }),
    () =>
      recordOutboundDelivery(doc, ctx, {
        updateId: `u${action.minutes % 3}`,
        targetId: action.flag ? 'slack' : 'hooks',
        delivery: {
          kind: action.flag ? 'slack' : 'webhook',
          state: action.flag ? 'failed' : 'delivered',
          attempts: action.pick,
          lastStatus: action.flag ? 502 : 200,
          lastError: action.flag ? 'HTTP 502' : null,
          at: ROOM_START,
        },
      }),
    ...[0, 1, 2, 3, 4, 5, 6].map((variant) => () => misbehave(doc, entry, variant, action)),
  ];
  try {
    operations[action.op % operations.length]!();
  } catch (error) {
    if (!isOperationError(error)) throw error;
  }
}

/** What no operation writes but a peer with a write key can: the reader must cope like readRoom. */
function misbehave(
  doc: Y.Doc,
  entry: Y.Map<unknown> | undefined,
  variant: number,
  action: Extract<Action, { type: 'op' }>,
): void {
  const timeline = doc.getArray<unknown>('timeline');
  switch (variant) {
    case 0:
      timeline.push(['a bare string', new Y.Map<unknown>()]);
      break;
    case 1:
      if (timeline.length > 0) timeline.delete(action.minutes % timeline.length, 1);
      break;
    case 2:
      entry?.set('at', action.flag ? 'not a time' : new Date(ROOM_START).toISOString());
      break;
    case 3: {
      // A change deep inside an entry (its revisions), with nothing set on the entry itself.
      const revisions = entry?.get('revisions');
      const by = ACTORS[action.pick % ACTORS.length]!;
      if (revisions instanceof Y.Array)
        revisions.push([
          { field: 'text', from: 'a', to: `b${action.minutes}`, by, at: ROOM_START },
        ]);
      break;
    }
    case 4:
      doc.getMap('meta').set('formatVersion', action.flag ? 'one' : 1);
      break;
    case 5:
      // An SME filed under someone else's id, or no SME at all.
      doc
        .getMap('experts')
        .set(
          pickFrom(SMES, action.pick)!.id,
          action.flag ? { ...PEOPLE.ops, area: 'db', addedAt: ROOM_START, addedBy: PEOPLE.ic } : 7,
        );
      break;
    case 6:
      // A delivery record of the wrong shape: the read model drops it.
      doc.getMap('outboundDeliveries').set(`u${action.minutes % 3}`, { slack: { state: 'maybe' } });
      break;
  }
}

function deliver(world: World, count: number): void {
  const batch = world.inFlight.splice(0, count === 0 ? world.inFlight.length : count);
  // A sync burst arrives as one merged update, an offline merge as several.
  if (batch.length > 0 && count % 2 === 0)
    Y.applyUpdate(world.watched, Y.mergeUpdates(batch), REMOTE);
  else for (const update of batch) Y.applyUpdate(world.watched, update, REMOTE);
}

describe('RoomReader', () => {
  it('reads what readRoom reads after any sequence of operations, deliveries and junk', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(actionArb, { minLength: 5, maxLength: 60 }),
        (declared, actions) => {
          const world = createWorld(declared);
          const reader = new RoomReader(world.watched);
          const check = () => {
            const now = world.clock.now();
            expect(reader.read({ now })).toEqual(readRoom(world.watched, { now }));
          };
          for (const action of actions) {
            if (action.type === 'op') runOperation(world, action);
            else if (action.type === 'deliver') deliver(world, action.count);
            else if (action.type === 'advance') world.clock.advanceMinutes(action.minutes);
            else check();
          }
          deliver(world, 0);
          check();
          reader.destroy();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every part and every entry view when nothing changed', () => {
    const { doc, clock } = declaredTestRoom();
    const reader = new RoomReader(doc);
    const first = reader.read({ now: clock.now() });
    expect(reader.changed).toBe(false);
    const second = reader.read({ now: clock.now() });
    for (const key of Object.keys(first) as Array<keyof typeof first>) {
      expect(second[key], key).toBe(first[key]);
    }
  });

  it('re-reads only the timeline, and only the entry that changed, when one entry is pinned', () => {
    const { doc, clock, scribe, comms } = declaredTestRoom();
    const logged = [1, 2, 3].map((n) => ops.logEntry(doc, scribe, { text: `entry ${n}` }));
    ops.proposeDecision(doc, comms, { proposal: 'roll back' });
    const reader = new RoomReader(doc);
    const before = reader.read({ now: clock.now() });
    ops.pinEntry(doc, scribe, { id: logged[1]!.id });
    expect(reader.changed).toBe(true);
    const after = reader.read({ now: clock.now() });

    expect(after).toEqual(readRoom(doc, { now: clock.now() }));
    expect(after.timeline).not.toBe(before.timeline);
    const pinned = after.timeline.find((entry) => entry.id === logged[1]!.id);
    expect(pinned?.pinned?.by.name).toBe(PEOPLE.scribe.name);
    for (const entry of after.timeline) {
      const previous = before.timeline.find((candidate) => candidate.id === entry.id);
      if (entry !== pinned) expect(entry).toBe(previous);
    }
    expect(after.decisions).toBe(before.decisions);
    expect(after.pendingDecisions).toBe(before.pendingDecisions);
    expect(after.status).toBe(before.status);
    expect(after.checklist).toBe(before.checklist);
    expect(after.roles).toBe(before.roles);
    expect(after.metrics).toBe(before.metrics);
  });

  it('keeps the timeline when only the status draft changes', () => {
    const { doc, clock, comms } = declaredTestRoom();
    const reader = new RoomReader(doc);
    const before = reader.read({ now: clock.now() });
    ops.setStatusDraft(doc, comms, { text: 'Investigating elevated errors.' });
    const after = reader.read({ now: clock.now() });
    expect(after.status.draft).toBe('Investigating elevated errors.');
    expect(after.timeline).toBe(before.timeline);
    expect(after.pinnedIds).toBe(before.pinnedIds);
  });

  it('re-reads the SME list when an SME joins, and keeps it when only a note is logged', () => {
    const { doc, clock, ic, scribe } = declaredTestRoom();
    const reader = new RoomReader(doc);
    const before = reader.read({ now: clock.now() });
    ops.addExpert(doc, ic, { person: SMES[0]!, area: 'database' });
    const joined = reader.read({ now: clock.now() });
    expect(joined.experts).not.toBe(before.experts);
    expect(joined.experts.map((expert) => expert.area)).toEqual(['database']);
    expect(joined.roles).toBe(before.roles);
    ops.logEntry(doc, scribe, { text: 'lag 47 s' });
    const logged = reader.read({ now: clock.now() });
    expect(logged.experts).toBe(joined.experts);
    expect(logged).toEqual(readRoom(doc, { now: clock.now() }));
  });

  it('stops watching the document once destroyed', () => {
    const { doc, clock, scribe } = declaredTestRoom();
    const reader = new RoomReader(doc);
    reader.read({ now: clock.now() });
    reader.destroy();
    ops.logEntry(doc, scribe, { text: 'after destroy' });
    expect(reader.changed).toBe(false);
  });
});
