import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { expectRefused } from '../fixtures/expect-refused';
import { PEOPLE, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { addExpert, changeExpertArea, standDownExpert } from './experts';
import { editEntry } from './timeline';

const DANA = { id: 'u-dba', name: 'Dana' };
const PRIYA = { id: 'named:priya', name: 'Priya' };

describe('addExpert', () => {
  it('lists the SME with their area and logs that they joined', () => {
    const { doc, clock, bystander } = declaredTestRoom();
    clock.advanceMinutes(2);
    const { entryId } = addExpert(doc, bystander, { person: DANA, area: '  database ' });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.experts).toEqual([
      {
        ...DANA,
        area: 'database',
        addedAt: '2026-03-24T02:49:00.000Z',
        addedBy: PEOPLE.bystander,
      },
    ]);
    expect(room.timeline.find((entry) => entry.id === entryId)).toMatchObject({
      kind: 'role',
      text: 'SME joined: Dana (database)',
      ref: { type: 'expert', person: DANA, area: 'database', event: 'joined' },
    });
  });

  it('lists SMEs in the order they were called in', () => {
    const { doc, clock, ic } = declaredTestRoom();
    addExpert(doc, ic, { person: PRIYA, area: 'network' });
    clock.advanceMinutes(1);
    addExpert(doc, ic, { person: DANA, area: 'database' });
    expect(readRoom(doc, { now: clock.now() }).experts.map((expert) => expert.name)).toEqual([
      'Priya',
      'Dana',
    ]);
  });

  it('refuses a duplicate, an empty or oversized area, a nameless person and an undeclared room', () => {
    const { doc, ic } = declaredTestRoom();
    addExpert(doc, ic, { person: DANA, area: 'database' });
    const duplicate = expectRefused(doc, 'invalid-transition', () =>
      addExpert(doc, ic, { person: DANA, area: 'storage' }),
    );
    expect(duplicate.message).toBe('Dana is already an SME (database); change their area instead.');
    expect(
      expectRefused(doc, 'invalid-input', () => addExpert(doc, ic, { person: PRIYA, area: '   ' }))
        .message,
    ).toBe('area: must not be empty');
    expectRefused(doc, 'invalid-input', () =>
      addExpert(doc, ic, { person: PRIYA, area: 'x'.repeat(101) }),
    );
    expectRefused(doc, 'invalid-input', () =>
      addExpert(doc, ic, { person: { id: 'u-x', name: '' }, area: 'database' }),
    );
    const empty = new Y.Doc();
    expectRefused(empty, 'not-declared', () =>
      addExpert(empty, ic, { person: DANA, area: 'database' }),
    );
  });
});

describe('changeExpertArea', () => {
  it('moves the SME to another area, keeps who added them, and logs from → to', () => {
    const { doc, clock, ic, scribe } = declaredTestRoom();
    addExpert(doc, ic, { person: DANA, area: 'database' });
    clock.advanceMinutes(5);
    const { entryId } = changeExpertArea(doc, scribe, { id: DANA.id, area: 'storage' });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.experts).toEqual([
      { ...DANA, area: 'storage', addedAt: '2026-03-24T02:47:00.000Z', addedBy: PEOPLE.ic },
    ]);
    expect(room.timeline.find((entry) => entry.id === entryId)).toMatchObject({
      kind: 'role',
      text: 'SME Dana: database → storage',
      recorder: PEOPLE.scribe,
      ref: { type: 'expert', person: DANA, area: 'storage', event: 'area' },
    });
  });

  it('refuses the same area and someone who is not an SME', () => {
    const { doc, ic } = declaredTestRoom();
    addExpert(doc, ic, { person: DANA, area: 'database' });
    expectRefused(doc, 'invalid-transition', () =>
      changeExpertArea(doc, ic, { id: DANA.id, area: 'database' }),
    );
    expectRefused(doc, 'not-found', () =>
      changeExpertArea(doc, ic, { id: PRIYA.id, area: 'network' }),
    );
  });
});

describe('standDownExpert', () => {
  it('takes the SME off the list and logs that they left', () => {
    const { doc, clock, ic, ops } = declaredTestRoom();
    addExpert(doc, ic, { person: DANA, area: 'database' });
    const { entryId } = standDownExpert(doc, ops, { id: DANA.id });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.experts).toEqual([]);
    expect(room.timeline.find((entry) => entry.id === entryId)).toMatchObject({
      kind: 'role',
      text: 'SME stood down: Dana (database)',
      ref: { type: 'expert', person: DANA, area: 'database', event: 'left' },
    });
    // Stood down, they can be called in again.
    addExpert(doc, ic, { person: DANA, area: 'replication' });
    expect(readRoom(doc, { now: clock.now() }).experts.map((expert) => expert.area)).toEqual([
      'replication',
    ]);
  });

  it('refuses standing down someone who is not an SME, and a malformed id', () => {
    const { doc, ic } = declaredTestRoom();
    const refusal = expectRefused(doc, 'not-found', () =>
      standDownExpert(doc, ic, { id: PRIYA.id }),
    );
    expect(refusal.message).toBe('That person is not an SME in this room.');
    expectRefused(doc, 'invalid-input', () => standDownExpert(doc, ic, { id: '' }));
  });

  it('keeps its timeline entries as written', () => {
    const { doc, clock, ic } = declaredTestRoom();
    const { entryId } = addExpert(doc, ic, { person: DANA, area: 'database' });
    expectRefused(doc, 'entry-protected', () => editEntry(doc, ic, { id: entryId, text: 'x' }));
    expect(readRoom(doc, { now: clock.now() }).experts).toHaveLength(1);
  });
});

describe('SMEs on two replicas', () => {
  it('converge when both add, change and stand down SMEs concurrently', () => {
    const { doc: left, clock, ic, ops } = declaredTestRoom();
    addExpert(left, ic, { person: DANA, area: 'database' });
    const right = new Y.Doc();
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));

    // Offline from each other: the left stands Dana down and calls in Priya; the right calls
    // in Priya too (for another area) and moves Dana to storage.
    clock.advanceMinutes(1);
    standDownExpert(left, ic, { id: DANA.id });
    addExpert(left, ic, { person: PRIYA, area: 'network' });
    addExpert(right, ops, { person: PRIYA, area: 'edge' });
    changeExpertArea(right, ops, { id: DANA.id, area: 'storage' });

    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    const now = clock.now();
    const leftRoom = readRoom(left, { now });
    expect(readRoom(right, { now })).toEqual(leftRoom);
    // One SME entry per person whatever the merge picked; a stand-down does not remove an area
    // change it had not seen, so Dana stays; every change is on the timeline.
    expect(leftRoom.experts.filter((expert) => expert.id === PRIYA.id)).toHaveLength(1);
    expect(leftRoom.experts.find((expert) => expert.id === DANA.id)?.area).toBe('storage');
    const events = leftRoom.timeline.flatMap((entry) =>
      entry.ref?.type === 'expert' ? [`${entry.ref.person.name} ${entry.ref.event}`] : [],
    );
    expect(events.sort()).toEqual([
      'Dana area',
      'Dana joined',
      'Dana left',
      'Priya joined',
      'Priya joined',
    ]);
  });
});
