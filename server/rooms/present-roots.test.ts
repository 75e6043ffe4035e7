import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roomRoots } from '../../shared/doc/roots';
import { declareIncident, setStatusPage } from '../../shared/ops';
import { readMeta, readMilestones, readStatusUpdates } from '../../shared/read/room-parts';
import { readStatusPageListing } from '../status-pages/status-page-fields';
import { presentRoots } from './present-roots';
import { readListingFields } from './room-listing-writer';

const ctx = { actor: { id: 'u-ic', name: 'Iris' }, now: () => Date.parse('2026-03-01T10:00:00Z') };

describe('presentRoots', () => {
  it('reads a room without adding the roots it lacks to its document', () => {
    const doc = new Y.Doc();
    doc.getArray('timeline').push(['an entry']);
    const before = [...doc.share.keys()];
    const roots = presentRoots(doc);
    expect(readMeta(roots).formatVersion).toBeNull();
    expect(readStatusUpdates(roots)).toEqual([]);
    expect(readListingFields(doc)).toEqual({
      title: null,
      severity: null,
      phase: null,
      resolved: false,
      pagedRoles: [],
    });
    expect(readStatusPageListing(doc)).toBeNull();
    expect([...doc.share.keys()]).toEqual(before);
    expect(roots.timeline).toBe(doc.getArray('timeline'));
  });

  it('reads what roomRoots reads in a declared room, through the room’s own roots', () => {
    const doc = new Y.Doc();
    declareIncident(doc, ctx, { title: 'Checkout errors', severity: 'SEV2' });
    setStatusPage(doc, ctx, { pageId: 'public', componentIds: ['checkout'] });
    const present = presentRoots(doc);
    const full = roomRoots(doc);
    expect(present.meta).toBe(full.meta);
    expect(readMeta(present)).toEqual(readMeta(full));
    expect(readMilestones(present)).toEqual(readMilestones(full));
    expect(readListingFields(doc)).toMatchObject({ title: 'Checkout errors', severity: 'SEV2' });
    expect(readStatusPageListing(doc)).toMatchObject({
      pageId: 'public',
      componentIds: ['checkout'],
      title: 'Checkout errors',
    });
  });

  it('shares one empty document between rooms and never writes to it', () => {
    const a = presentRoots(new Y.Doc());
    const b = presentRoots(new Y.Doc());
    expect(a.statusUpdates).toBe(b.statusUpdates);
    expect(a.statusUpdates.length).toBe(0);
    expect(a.meta.size).toBe(0);
  });
});
