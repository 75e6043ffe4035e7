import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FORMAT_VERSION } from '../doc/format';
import { expectRefused } from '../fixtures/expect-refused';
import { ScriptedClock } from '../fixtures/scripted-clock';
import { PEOPLE, ROOM_START, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { DEFAULT_POLICY } from '../rules/policy';
import { declareIncident } from './declare';
import { logEntry } from './timeline';

describe('declareIncident', () => {
  it('writes metadata, the declared milestone, the default policy and makes the declarer IC', () => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock(ROOM_START);
    declareIncident(doc, clock.as(PEOPLE.ops), {
      title: '  Checkout failing  ',
      severity: 'SEV2',
      incidentType: 'bad-deploy',
      service: 'payments-api',
    });
    const room = readRoom(doc, { now: clock.now() });
    expect(room).toMatchObject({
      declared: true,
      formatVersion: FORMAT_VERSION,
      title: 'Checkout failing',
      severity: 'SEV2',
      phase: 'investigating',
      phaseSince: ROOM_START,
      incidentType: 'bad-deploy',
      service: 'payments-api',
      createdAt: ROOM_START,
      policy: DEFAULT_POLICY,
      roles: { ic: PEOPLE.ops },
    });
    expect(room.milestones.declared).toBe(ROOM_START);
    expect(room.timeline.map((e) => [e.kind, e.text])).toEqual([
      ['milestone', 'Incident declared at SEV2: Checkout failing'],
      ['role', 'Incident commander: Omar'],
    ]);
  });

  it('takes a named IC, other roles, a policy override and an earlier declaration time', () => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock(ROOM_START);
    declareIncident(doc, clock.as(PEOPLE.scribe), {
      title: 'Login failing in EU',
      severity: 'SEV1',
      roles: { ic: PEOPLE.ic, comms: PEOPLE.comms },
      policy: { updateCadenceMinutes: { SEV1: 10 }, stabilizationMinutes: 30 },
      at: '2026-03-24T02:45:00Z',
    });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.roles).toEqual({ ic: PEOPLE.ic, comms: PEOPLE.comms });
    expect(room.policy).toEqual({
      updateCadenceMinutes: { SEV1: 10, SEV2: 30, SEV3: 120, SEV4: null },
      stabilizationMinutes: 30,
    });
    expect(room.milestones.declared).toBe('2026-03-24T02:45:00.000Z');
    expect(room.incidentType).toBeNull();
  });

  it('refuses a second declaration and leaves the room as it was', () => {
    const { doc, ops } = declaredTestRoom();
    expectRefused(doc, 'already-declared', () =>
      declareIncident(doc, ops, { title: 'Other', severity: 'SEV3' }),
    );
  });

  it.each([
    ['empty title', { title: '   ', severity: 'SEV1' }, /title: must not be empty/],
    ['oversized title', { title: 'x'.repeat(201), severity: 'SEV1' }, /title: must be at most 200/],
    ['unknown severity', { title: 'x', severity: 'SEV0' }, /severity: must be one of SEV1/],
    [
      'negative cadence',
      { title: 'x', severity: 'SEV1', policy: { updateCadenceMinutes: { SEV1: -5 } } },
      /policy/,
    ],
    ['unknown policy key', { title: 'x', severity: 'SEV1', policy: { cadence: 5 } }, /policy/],
    [
      'time without a zone',
      { title: 'x', severity: 'SEV1', at: '2026-03-24T02:45:00' },
      /at: .*zone/,
    ],
    [
      'time in the future',
      { title: 'x', severity: 'SEV1', at: '2026-03-24T04:00:00Z' },
      /at: .*future/,
    ],
  ])('refuses %s without writing anything', (_label, input, message) => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock(ROOM_START);
    const refusal = expectRefused(doc, 'invalid-input', () =>
      // Deliberately malformed input, as an HTTP caller could send it.
      declareIncident(doc, clock.as(PEOPLE.ic), input as Parameters<typeof declareIncident>[2]),
    );
    expect(refusal.message).toMatch(message);
  });

  it('refuses an actor without an id', () => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock(ROOM_START);
    expectRefused(doc, 'invalid-input', () =>
      declareIncident(doc, clock.as({ id: '', name: 'Nobody' }), { title: 'x', severity: 'SEV1' }),
    );
  });

  it('is required before anything else can be written', () => {
    const doc = new Y.Doc();
    const clock = new ScriptedClock(ROOM_START);
    expectRefused(doc, 'not-declared', () => logEntry(doc, clock.as(PEOPLE.ic), { text: 'hello' }));
  });

  it('two replicas declaring the same room offline converge to one readable room', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const clock = new ScriptedClock(ROOM_START);
    declareIncident(a, clock.as(PEOPLE.ic), { title: 'Checkout errors', severity: 'SEV2' });
    declareIncident(b, clock.as(PEOPLE.ops), { title: 'Payments failing', severity: 'SEV1' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const room = readRoom(a, { now: clock.now() });
    expect(readRoom(b, { now: clock.now() })).toEqual(room);
    expect(room.declared).toBe(true);
    expect(['Checkout errors', 'Payments failing']).toContain(room.title);
    expect([PEOPLE.ic.id, PEOPLE.ops.id]).toContain(room.roles.ic?.id);
    // Both declarations stay on the timeline, so nobody's opening words are lost.
    expect(room.timeline.filter((e) => e.ref?.type === 'declaration')).toHaveLength(2);
  });
});
