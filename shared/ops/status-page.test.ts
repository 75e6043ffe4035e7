import { describe, expect, it } from 'vitest';
import { expectRefused } from '../fixtures/expect-refused';
import { declaredTestRoom } from '../fixtures/test-room';
import { readRoom } from '../read/index';
import { assignRole } from './roles';
import { setStatusPage } from './status-page';

describe('setStatusPage', () => {
  it('lists the room on a page under its components, logged on the timeline', () => {
    const { doc, clock, ic } = declaredTestRoom();
    const { entryId } = setStatusPage(doc, ic, {
      pageId: 'public',
      componentIds: ['api', 'dashboard', 'api'],
    });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.statusPage).toEqual({
      pageId: 'public',
      componentIds: ['api', 'dashboard'],
      by: { id: 'u-ic', name: 'Iris' },
      at: '2026-03-24T02:47:00.000Z',
    });
    expect(room.timeline.find((entry) => entry.id === entryId)).toMatchObject({
      kind: 'comms',
      text: 'Listed on status page public (components: api, dashboard)',
      ref: { type: 'statusPage', pageId: 'public', componentIds: ['api', 'dashboard'] },
    });
  });

  it('moves the room to other components, then takes it off the page', () => {
    const { doc, clock, ic } = declaredTestRoom();
    setStatusPage(doc, ic, { pageId: 'public', componentIds: ['api'] });
    setStatusPage(doc, ic, { pageId: 'public', componentIds: ['api', 'billing'] });
    expect(readRoom(doc, { now: clock.now() }).statusPage?.componentIds).toEqual([
      'api',
      'billing',
    ]);
    setStatusPage(doc, ic, { pageId: null });
    const room = readRoom(doc, { now: clock.now() });
    expect(room.statusPage).toBeNull();
    expect(room.timeline.at(-1)?.text).toBe('Taken off status page public');
  });

  it('refuses anyone but the IC, and a change that changes nothing', () => {
    const { doc, ic, comms } = declaredTestRoom();
    const refusal = expectRefused(doc, 'not-incident-commander', () =>
      setStatusPage(doc, comms, { pageId: 'public' }),
    );
    expect(refusal.message).toMatch(/the IC is Iris/);
    expectRefused(doc, 'invalid-transition', () => setStatusPage(doc, ic, { pageId: null }));
    setStatusPage(doc, ic, { pageId: 'public', componentIds: ['api'] });
    expectRefused(doc, 'invalid-transition', () =>
      setStatusPage(doc, ic, { pageId: 'public', componentIds: ['api'] }),
    );
    assignRole(doc, ic, { role: 'ic', person: { id: 'u-comms', name: 'Cam' } });
    expectRefused(doc, 'not-incident-commander', () => setStatusPage(doc, ic, { pageId: null }));
    setStatusPage(doc, comms, { pageId: null });
  });

  it('refuses ids that could not be a page or component id, naming the field', () => {
    const { doc, ic } = declaredTestRoom();
    const badPage = expectRefused(doc, 'invalid-input', () =>
      setStatusPage(doc, ic, { pageId: '../admin' }),
    );
    expect(badPage.message).toMatch(/pageId/);
    const badComponent = expectRefused(doc, 'invalid-input', () =>
      setStatusPage(doc, ic, { pageId: 'public', componentIds: ['API Gateway'] }),
    );
    expect(badComponent.message).toMatch(/componentIds/);
    expectRefused(doc, 'invalid-input', () =>
      setStatusPage(doc, ic, {
        pageId: 'public',
        componentIds: Array.from({ length: 51 }, (_, i) => `c${i}`),
      }),
    );
  });

  it('reads a damaged choice written outside the operations as no page', () => {
    const { doc, clock } = declaredTestRoom();
    doc.getMap('meta').set('statusPage', { pageId: '<script>', componentIds: [] });
    expect(readRoom(doc, { now: clock.now() }).statusPage).toBeNull();
  });
});
