import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { declaredTestRoom } from '../fixtures/test-room';
import { logEntry } from '../ops/timeline';
import { setPhase } from '../ops/phase';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  requestStatusReview,
  setStatusDraft,
} from '../ops/status-update';
import { compareTimelineEntries } from './timeline-order';
import { readRoom } from './read-room';

describe('readRoom', () => {
  it('reads an empty document as undeclared, with nothing invented', () => {
    const room = readRoom(new Y.Doc(), { now: 0 });
    expect(room).toMatchObject({
      declared: false,
      formatVersion: null,
      title: null,
      severity: null,
      phase: null,
      timeline: [],
      decisions: [],
      actionItems: [],
      roles: {},
      links: {},
      checklist: {},
    });
    expect(Object.values(room.milestones).every((v) => v === null)).toBe(true);
    expect(room.metrics).toMatchObject({ timeToDetectMs: null, timeToResolveMs: null });
    expect(room.status).toMatchObject({ draft: '', review: 'draft', cadence: { nextDueAt: null } });
  });

  it('orders the timeline by event time, then recorded time, then id, whatever the insertion order', () => {
    const { doc, clock, ops, scribe } = declaredTestRoom();
    clock.advanceMinutes(10);
    const late = logEntry(doc, ops, { text: 'late event', at: '2026-03-24T02:55:00Z' });
    const early = logEntry(doc, scribe, {
      text: 'early event, logged afterwards',
      at: '2026-03-24T02:30:00Z',
    });
    clock.advanceMinutes(1);
    const sameTimeRecordedLater = logEntry(doc, scribe, {
      text: 'same event time',
      at: '2026-03-24T02:55:00Z',
    });
    const ids = readRoom(doc, { now: clock.now() }).timeline.map((e) => e.id);
    expect(ids.indexOf(early.id)).toBe(0);
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(sameTimeRecordedLater.id));
    expect(
      compareTimelineEntries(
        { id: 'b', at: '2026-03-24T02:55:00.000Z', recordedAt: '2026-03-24T02:55:00.000Z' },
        { id: 'a', at: '2026-03-24T02:55:00.000Z', recordedAt: '2026-03-24T02:55:00.000Z' },
      ),
    ).toBeGreaterThan(0);
  });

  it('merges an offline replica’s entries into their true place', () => {
    const { doc, clock, ops, scribe } = declaredTestRoom();
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(doc));
    clock.advanceMinutes(20);
    logEntry(doc, ops, { text: 'online, later', at: '2026-03-24T03:05:00Z' });
    logEntry(
      offline,
      { ...scribe, offline: true },
      { text: 'offline, earlier', at: '2026-03-24T02:50:00Z' },
    );
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline));
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(doc));
    const texts = readRoom(doc, { now: clock.now() }).timeline.map((e) => e.text);
    expect(texts.slice(-2)).toEqual(['offline, earlier', 'online, later']);
    expect(readRoom(offline, { now: clock.now() })).toEqual(readRoom(doc, { now: clock.now() }));
  });

  it('skips values a misbehaving peer wrote instead of crashing', () => {
    const { doc, clock, ops } = declaredTestRoom();
    const good = logEntry(doc, ops, { text: 'good' });
    const bad = new Y.Map<unknown>();
    bad.set('id', 'bad');
    bad.set('at', 'not a time');
    doc.transact(() => {
      doc.getArray('timeline').push([bad, 'a bare string', 42]);
      doc.getArray('decisions').push([{ not: 'a map' }]);
      doc.getArray('statusUpdates').push([{ id: 'x', text: 'forged', severity: 'SEV9' }]);
      doc.getMap('roles').set('ic', 'someone');
      doc.getMap('milestones').set('detected', 12345);
      doc.getMap('checklist').set('x', true);
      doc.getMap('links').set('evil', { url: 5 });
      const stamp = { by: { id: 'x', name: 'X' }, at: '2026-03-24T02:47:00.000Z' };
      doc.getMap('links').set('trap', { url: 'javascript:alert(1)', ...stamp });
      doc.getMap('links').set('__proto__', { url: 'https://x.example', ...stamp });
      doc.getMap('checklist').set('__proto__', { done: true, ...stamp });
    });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.timeline.map((e) => e.id)).toContain(good.id);
    expect(room.timeline.some((e) => e.id === 'bad')).toBe(false);
    expect(room.decisions).toEqual([]);
    expect(room.status.updates).toEqual([]);
    expect(room.roles.ic).toBeUndefined();
    expect(room.milestones.detected).toBeNull();
    expect(room.checklist).toEqual({});
    expect(room.links).toEqual({});
    expect(Object.getPrototypeOf(room.links)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(room.checklist)).toBe(Object.prototype);
  });

  it('reports status review states and the next update due from the last publication', () => {
    const { doc, clock, comms, ic } = declaredTestRoom();
    expect(readRoom(doc, { now: clock.now() }).status.cadence.nextDueAt).toBe(
      '2026-03-24T03:02:00.000Z',
    );
    clock.advanceMinutes(20);
    expect(readRoom(doc, { now: clock.now() }).status.cadence).toMatchObject({
      overdue: true,
      overdueByMs: 5 * 60_000,
    });
    setStatusDraft(doc, comms, { text: 'Investigating.' });
    requestStatusReview(doc, comms);
    approveStatusUpdate(doc, ic);
    publishStatusUpdate(doc, comms);
    expect(readRoom(doc, { now: clock.now() }).status.cadence).toEqual({
      cadenceMinutes: 15,
      nextDueAt: '2026-03-24T03:22:00.000Z',
      overdue: false,
      overdueByMs: 0,
    });
  });

  it('exposes monitoringSince and the stabilization clock', () => {
    const { doc, clock, ic } = declaredTestRoom();
    setPhase(doc, ic, { phase: 'monitoring' });
    clock.advanceMinutes(4);
    const room = readRoom(doc, { now: clock.now() });
    expect(room.monitoringSince).toBe('2026-03-24T02:47:00.000Z');
    expect(room.stabilization).toMatchObject({ satisfied: false, remainingMs: 11 * 60_000 });
  });
});
