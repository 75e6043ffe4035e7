import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roomRoots } from '../../shared/doc/roots';
import { unansweredPages } from '../../shared/ops';
import { readRoom } from '../../shared/read/read-room';
import { compileRule, routeRuleSchema, type RoutingDecision } from './alert-routing';
import { writeAlertsToRoom } from './alert-room-writer';
import type { NormalizedAlert } from './normalized-alert';

const NOW = Date.parse('2026-03-24T03:20:00Z');
const ctx = {
  actor: { id: 'alert-source:prod-am', name: 'prod-am (alertmanager)' },
  now: () => NOW,
};
const opening: RoutingDecision = {
  rule: compileRule(
    routeRuleSchema.parse({
      name: 'pages',
      runbook: 'https://runbooks.example.com/x',
      page: ['ic', 'ops'],
    }),
  ).rule,
  severity: 'SEV1',
};

function alert(status: NormalizedAlert['status'], at: string, id: string): NormalizedAlert {
  return {
    dedupeKey: 'group',
    status,
    title: 'CheckoutErrors: 5xx above 5 %',
    severity: 'critical',
    eventTime: Date.parse(at),
    labels: { alertname: 'CheckoutErrors', service: 'checkout-api' },
    annotations: {},
    links: [],
    deliveryId: id,
  };
}

describe('writeAlertsToRoom', () => {
  it('declares the room, sets detected and acknowledged once, and writes each alert at its time', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    writeAlertsToRoom(doc, ctx, {
      sourceId: 'prod-am',
      opening,
      alerts: [
        alert('firing', '2026-03-24T03:02:00Z', 'a'),
        alert('acknowledged', '2026-03-24T03:05:00Z', 'b'),
      ],
    });
    writeAlertsToRoom(doc, ctx, {
      sourceId: 'prod-am',
      opening,
      alerts: [
        alert('acknowledged', '2026-03-24T03:09:00Z', 'c'),
        alert('resolved', '2026-03-24T03:15:00Z', 'd'),
      ],
    });
    // One update per request: one durable write each.
    expect(updates).toHaveLength(2);
    const room = readRoom(doc, { now: NOW });
    expect(room).toMatchObject({
      title: 'CheckoutErrors: 5xx above 5 %',
      severity: 'SEV1',
      phase: 'investigating',
      service: 'checkout-api',
    });
    expect(room.milestones).toMatchObject({
      detected: '2026-03-24T03:02:00.000Z',
      acknowledged: '2026-03-24T03:05:00.000Z',
    });
    expect(
      room.timeline
        .filter((entry) => entry.kind === 'alert')
        .map((entry) => [entry.at, entry.text.split(' ', 1)[0]]),
    ).toEqual([
      ['2026-03-24T03:02:00.000Z', '[FIRING]'],
      ['2026-03-24T03:05:00.000Z', '[ACKNOWLEDGED]'],
      ['2026-03-24T03:09:00.000Z', '[ACKNOWLEDGED]'],
      ['2026-03-24T03:15:00.000Z', '[RESOLVED]'],
    ]);
    expect(room.links.runbook?.url).toBe('https://runbooks.example.com/x');
    // The source holds IC only as a stand-in, so IC is paged with the rule's other roles.
    expect(room.roles.ic?.id).toBe('alert-source:prod-am');
    expect(room.pagedRoles).toMatchObject({ roles: ['ic', 'ops'], reason: 'rule "pages"' });
    expect(unansweredPages(roomRoots(doc))).toEqual(['ic', 'ops']);
  });

  it('puts an alert from a clock far ahead at the receive time rather than refuse it', () => {
    const doc = new Y.Doc();
    writeAlertsToRoom(doc, ctx, {
      sourceId: 'prod-am',
      opening,
      alerts: [alert('firing', '2026-03-24T05:00:00Z', 'a')],
    });
    const [entry] = readRoom(doc, { now: NOW }).timeline.filter(
      (candidate) => candidate.kind === 'alert',
    );
    expect(entry?.at).toBe(new Date(NOW).toISOString());
  });
});
