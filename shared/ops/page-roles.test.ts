import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roomRoots } from '../doc/roots';
import { expectRefused } from '../fixtures/expect-refused';
import { PEOPLE, declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { alertSourcePersonId } from '../doc/stand-in';
import { declareIncident } from './declare';
import { pageRoles, unansweredPages } from './page-roles';
import { assignRole } from './roles';

/** A declared room where only the IC is held, as an alert leaves it. */
function roomWithOnlyIc() {
  return declaredTestRoom({ roles: {} });
}

describe('pageRoles', () => {
  it('pages vacant roles with the reason, on the timeline and in the room', () => {
    const { doc, clock, ops } = roomWithOnlyIc();
    const { entryId } = pageRoles(doc, ops, { roles: ['comms', 'ops'], reason: 'rule sev1-api' });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.pagedRoles).toEqual({
      roles: ['ops', 'comms'],
      reason: 'rule sev1-api',
      by: PEOPLE.ops,
      at: '2026-03-24T02:47:00.000Z',
    });
    expect(room.timeline.find((entry) => entry.id === entryId)).toMatchObject({
      kind: 'role',
      text: 'Paged: Operations lead, Communications lead (rule sev1-api)',
      ref: { type: 'page', roles: ['ops', 'comms'] },
    });
    expect(unansweredPages(roomRoots(doc))).toEqual(['ops', 'comms']);
  });

  it('counts a paged role as answered once anyone holds it', () => {
    const { doc, ic } = roomWithOnlyIc();
    pageRoles(doc, ic, { roles: ['ops', 'scribe'], reason: 'rule db' });
    assignRole(doc, ic, { role: 'ops', person: PEOPLE.ops });
    expect(unansweredPages(roomRoots(doc))).toEqual(['scribe']);
  });

  it('pages the IC role while only an alert source holds it as a stand-in', () => {
    const { doc, clock } = declaredTestRoom({ roles: {} });
    const source = clock.as({ id: alertSourcePersonId('prod-am'), name: 'prod-am' });
    const opened = new Y.Doc();
    declareIncident(opened, source, { title: 'Checkout errors', severity: 'SEV1' });
    pageRoles(opened, source, { roles: ['ic'], reason: 'rule sev1' });
    expect(unansweredPages(roomRoots(opened))).toEqual(['ic']);
    // A person holding IC is not paged over.
    const refusal = expectRefused(doc, 'invalid-transition', () =>
      pageRoles(doc, source, { roles: ['ic'], reason: 'rule sev1' }),
    );
    expect(refusal.message).toContain('already held');
    assignRole(opened, clock.as(PEOPLE.ic), { role: 'ic', person: PEOPLE.ic });
    expect(unansweredPages(roomRoots(opened))).toEqual([]);
  });

  it('adds a second page to the first and refuses one that adds nothing', () => {
    const { doc, clock, ic } = roomWithOnlyIc();
    pageRoles(doc, ic, { roles: ['ops'], reason: 'first' });
    clock.advanceMinutes(2);
    pageRoles(doc, ic, { roles: ['ops', 'scribe'], reason: 'second' });
    const page = readRoom(doc, { now: clock.now() }).pagedRoles;
    expect(page?.roles).toEqual(['ops', 'scribe']);
    expect(page?.reason).toBe('second');
    const refusal = expectRefused(doc, 'invalid-transition', () =>
      pageRoles(doc, ic, { roles: ['ic', 'ops'], reason: 'again' }),
    );
    expect(refusal.message).toBe('Every role named is already held or already paged.');
  });

  it('refuses bad input and an undeclared room, changing nothing', () => {
    const { doc, ic } = roomWithOnlyIc();
    expect(
      expectRefused(doc, 'invalid-input', () => pageRoles(doc, ic, { roles: [], reason: 'x' }))
        .message,
    ).toContain('name at least one role to page');
    expect(
      expectRefused(doc, 'invalid-input', () =>
        pageRoles(doc, ic, { roles: ['ops'], reason: '  ' }),
      ).message,
    ).toContain('say why the roles are paged');
    const empty = new Y.Doc();
    expectRefused(empty, 'not-declared', () =>
      pageRoles(empty, ic, { roles: ['ops'], reason: 'x' }),
    );
    expect(readRoom(doc, { now: 0 }).pagedRoles).toBeNull();
  });

  it('reads a damaged stored page as no page', () => {
    const { doc } = roomWithOnlyIc();
    roomRoots(doc).meta.set('pagedRoles', { roles: ['boss'], reason: 'x' });
    expect(readRoom(doc, { now: 0 }).pagedRoles).toBeNull();
    expect(unansweredPages(roomRoots(doc))).toEqual([]);
  });
});
