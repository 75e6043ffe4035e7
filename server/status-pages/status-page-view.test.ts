import { describe, expect, it } from 'vitest';
import type { StoredPageRoom } from '../storage/status-page-store';
import { RECENT_RESOLVED_MS, buildStatusPageView } from './status-page-view';
import type { StatusPage } from './status-pages-file';

const PAGE: StatusPage = {
  id: 'public',
  title: 'Example',
  description: null,
  url: null,
  components: [
    { id: 'api', name: 'API' },
    { id: 'dashboard', name: 'Dashboard' },
    { id: 'billing', name: 'Billing' },
  ],
};

const NOW = Date.parse('2026-03-24T12:00:00.000Z');

function room(overrides: Partial<StoredPageRoom>): StoredPageRoom {
  return {
    roomId: 'room-1',
    pageId: 'public',
    componentIds: [],
    title: 'Incident',
    severity: 'SEV3',
    phase: 'investigating',
    resolved: false,
    declaredAt: '2026-03-24T10:00:00.000Z',
    resolvedAt: null,
    updates: [],
    ...overrides,
  };
}

describe('buildStatusPageView', () => {
  it('gives each component the worst state of the open incidents listed under it', () => {
    const { view } = buildStatusPageView(
      PAGE,
      [
        room({ roomId: 'a', severity: 'SEV3', componentIds: ['api', 'dashboard'] }),
        room({ roomId: 'b', severity: 'SEV1', componentIds: ['api', 'gone'] }),
        room({
          roomId: 'c',
          severity: 'SEV1',
          componentIds: ['billing'],
          resolved: true,
          phase: 'resolved',
          resolvedAt: '2026-03-24T11:00:00.000Z',
        }),
      ],
      NOW,
    );
    expect(view.components.map((c) => [c.id, c.status])).toEqual([
      ['api', 'major-outage'],
      ['dashboard', 'degraded-performance'],
      ['billing', 'operational'],
    ]);
    expect(view.status).toBe('major-outage');
    expect(view.openIncidents.map((i) => i.components)).toEqual([['api', 'dashboard'], ['api']]);
    expect(view.recentIncidents).toHaveLength(1);
  });

  it('drops incidents resolved longer ago than the window, saying when the last one dropped', () => {
    const resolvedAt = new Date(NOW - RECENT_RESOLVED_MS - 60_000).toISOString();
    const { view, agedOutAt } = buildStatusPageView(
      PAGE,
      [room({ resolved: true, phase: 'resolved', resolvedAt })],
      NOW,
    );
    expect(view.recentIncidents).toEqual([]);
    expect(agedOutAt).toBe(NOW - 60_000);
  });

  it('lists updates newest first and never exposes the room id', () => {
    const { view } = buildStatusPageView(
      PAGE,
      [
        room({
          roomId: 'secret-room-id',
          updates: [
            {
              id: 'u1',
              text: 'first',
              phase: 'investigating',
              publishedAt: '2026-03-24T10:05:00.000Z',
            },
            {
              id: 'u2',
              text: 'second',
              phase: 'identified',
              publishedAt: '2026-03-24T10:20:00.000Z',
            },
          ],
        }),
      ],
      NOW,
    );
    expect(view.openIncidents[0]?.updates.map((u) => u.text)).toEqual(['second', 'first']);
    expect(JSON.stringify(view)).not.toContain('secret-room-id');
  });
});
