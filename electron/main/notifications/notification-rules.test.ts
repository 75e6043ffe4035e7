import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { declaredTestRoom, PEOPLE, type TestRoom } from '../../../shared/fixtures/test-room';
import { proposeDecision } from '../../../shared/ops/decisions';
import { assignRole } from '../../../shared/ops/roles';
import { readRoom } from '../../../shared/read/read-room';
import { isoToMs, MINUTE_MS } from '../../../shared/util/time';
import { DUE_SOON_MS, roomNotices, type NoticeInput } from './notification-rules';

function look(room: TestRoom, me: string, extra: Partial<Omit<NoticeInput, 'room' | 'me'>> = {}) {
  const nowMs = extra.nowMs ?? room.clock.now();
  return roomNotices({
    roomId: 'room-1',
    room: readRoom(room.doc, { now: nowMs }),
    me,
    nowMs,
    alreadySent: new Set(),
    firstLook: false,
    ...extra,
  });
}

function dueAt(room: TestRoom): number {
  const due = isoToMs(readRoom(room.doc, { now: room.clock.now() }).status.cadence.nextDueAt);
  if (due === null) throw new Error('the test room should have a cadence');
  return due;
}

describe('status update due / overdue', () => {
  it('says nothing while the update is far off', () => {
    const room = declaredTestRoom();
    const result = look(room, PEOPLE.comms.id, { nowMs: dueAt(room) - DUE_SOON_MS - MINUTE_MS });
    expect(result.notices.filter((n) => n.kind.startsWith('status'))).toEqual([]);
  });

  it('tells the comms lead and the IC when it comes due, nobody else', () => {
    const room = declaredTestRoom();
    const nowMs = dueAt(room) - 3 * MINUTE_MS;
    for (const person of [PEOPLE.comms, PEOPLE.ic]) {
      const notices = look(room, person.id, { nowMs }).notices.filter(
        (n) => n.kind === 'status-due',
      );
      expect(notices, person.name).toHaveLength(1);
      expect(notices[0]!.body).toBe('The next status update is due in 3 minutes.');
      expect(notices[0]!.title).toContain('Primary database refuses writes');
    }
    for (const person of [PEOPLE.ops, PEOPLE.scribe, PEOPLE.bystander]) {
      const notices = look(room, person.id, { nowMs, firstLook: true }).notices;
      expect(notices, person.name).toEqual([]);
    }
  });

  it('says overdue once the time has passed, once per due time', () => {
    const room = declaredTestRoom();
    const nowMs = dueAt(room) + 7 * MINUTE_MS;
    const first = look(room, PEOPLE.comms.id, { nowMs, firstLook: true });
    expect(first.notices.map((n) => n.kind)).toEqual(['status-overdue']);
    expect(first.notices[0]!.body).toBe('The next status update was due 7 minutes ago.');
    const again = look(room, PEOPLE.comms.id, {
      nowMs: nowMs + MINUTE_MS,
      alreadySent: new Set(first.seen),
    });
    expect(again.notices).toEqual([]);
  });

  it('a handed-over comms role moves the reminder to the new holder', () => {
    const room = declaredTestRoom();
    assignRole(room.doc, room.ic, { role: 'comms', person: PEOPLE.bystander });
    const nowMs = dueAt(room) + MINUTE_MS;
    expect(look(room, PEOPLE.comms.id, { nowMs }).notices).toEqual([]);
    expect(look(room, PEOPLE.bystander.id, { nowMs }).notices.map((n) => n.kind)).toContain(
      'status-overdue',
    );
  });
});

describe('decision waiting for the IC', () => {
  it('tells the IC about each proposal from someone else, once', () => {
    const room = declaredTestRoom();
    const nowMs = room.clock.now();
    proposeDecision(room.doc, room.ops, { proposal: 'Fail over to the replica' });
    const first = look(room, PEOPLE.ic.id, { nowMs });
    const decisions = first.notices.filter((n) => n.kind === 'decision-waiting');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.body).toBe('Omar proposes: Fail over to the replica');
    expect(look(room, PEOPLE.ops.id, { nowMs, firstLook: true }).notices).toEqual([]);
    const again = look(room, PEOPLE.ic.id, { nowMs, alreadySent: new Set(first.seen) });
    expect(again.notices.filter((n) => n.kind === 'decision-waiting')).toEqual([]);
  });

  it('does not tell the IC about their own proposal', () => {
    const room = declaredTestRoom();
    proposeDecision(room.doc, room.ic, { proposal: 'Page the DBA' });
    expect(look(room, PEOPLE.ic.id).notices.filter((n) => n.kind === 'decision-waiting')).toEqual(
      [],
    );
  });
});

describe('role handed to you', () => {
  it('tells the new holder, naming who handed it over', () => {
    const room = declaredTestRoom();
    const before = look(room, PEOPLE.bystander.id, { firstLook: true });
    assignRole(room.doc, room.ic, { role: 'scribe', person: PEOPLE.bystander });
    const after = look(room, PEOPLE.bystander.id, { alreadySent: new Set(before.seen) });
    expect(after.notices.map((n) => [n.kind, n.title, n.body])).toEqual([
      [
        'role-handed',
        'Primary database refuses writes: you are now Scribe',
        'Handed to you by Iris.',
      ],
    ]);
  });

  it('stays quiet about roles already held when the app starts, and about taking a role yourself', () => {
    const room = declaredTestRoom();
    expect(
      look(room, PEOPLE.scribe.id, { firstLook: true }).notices.filter(
        (n) => n.kind === 'role-handed',
      ),
    ).toEqual([]);
    assignRole(room.doc, room.bystander, { role: 'ops', person: PEOPLE.bystander });
    expect(look(room, PEOPLE.bystander.id).notices).toEqual([]);
  });

  it('announces a role handed away and back again', () => {
    const room = declaredTestRoom();
    const seen = new Set(look(room, PEOPLE.scribe.id, { firstLook: true }).seen);
    assignRole(room.doc, room.ic, { role: 'scribe', person: PEOPLE.bystander });
    assignRole(room.doc, room.ic, { role: 'scribe', person: PEOPLE.scribe });
    expect(look(room, PEOPLE.scribe.id, { alreadySent: seen }).notices.map((n) => n.kind)).toEqual([
      'role-handed',
    ]);
  });
});

it('an undeclared room notifies nobody', () => {
  const doc = new Y.Doc();
  expect(
    roomNotices({
      roomId: 'r',
      room: readRoom(doc, { now: 0 }),
      me: 'u',
      nowMs: 0,
      alreadySent: new Set(),
      firstLook: true,
    }),
  ).toEqual({ notices: [], seen: [] });
});
