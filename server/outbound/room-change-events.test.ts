import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  approveStatusUpdate,
  assignRole,
  declareIncident,
  publishStatusUpdate,
  resolveIncident,
  setMilestone,
  setSeverity,
  setStatusDraft,
  setStatusPage,
  type OperationContext,
} from '../../shared/ops';
import type { OutboundEvent } from './outbound-event';
import { NO_OUTBOUND, type OutboundConfig } from './outbound-file';
import { OutboundRoomWatch } from './outbound-room-watch';

const ic: OperationContext = {
  actor: { id: 'u-ic', name: 'Iris' },
  now: () => Date.UTC(2026, 2, 24, 3),
};

function config(routes: Partial<OutboundConfig['routes'][number]>[] = [{}]): OutboundConfig {
  return {
    ...NO_OUTBOUND,
    targets: new Map([
      [
        'hook',
        { id: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/h', secrets: ['x'.repeat(32)] },
      ],
      ['chat', { id: 'chat', kind: 'slack', url: 'http://127.0.0.1:9/s', secrets: [] }],
    ]),
    routes: routes.map((route) => ({
      events: new Set([
        'room.declared',
        'severity.changed',
        'role.handed-over',
        'status-update.published',
        'incident.resolved',
      ] as const),
      targets: ['hook'],
      severities: null,
      statusPages: null,
      ...route,
    })),
  };
}

/** A room document watched as the relay watches it: every transaction's rows, in order. */
function watchedDoc(outbound: OutboundConfig = config(), doc = new Y.Doc()) {
  const watch = new OutboundRoomWatch('room-1', doc, outbound, () => Date.UTC(2026, 2, 24, 3));
  const rows: { targetId: string; event: OutboundEvent }[] = [];
  doc.on('update', (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    for (const row of watch.outboxRows(tr)) {
      rows.push({ targetId: row.targetId, event: JSON.parse(row.event) as OutboundEvent });
    }
  });
  return { doc, rows, types: () => rows.map((row) => row.event.data.type) };
}

function publish(doc: Y.Doc, text: string): string {
  setStatusDraft(doc, ic, { text });
  approveStatusUpdate(doc, ic);
  return publishStatusUpdate(doc, ic).id;
}

describe('OutboundRoomWatch', () => {
  it('derives each event type from the shared operations, in order', () => {
    const { doc, rows, types } = watchedDoc();
    declareIncident(doc, ic, { title: 'Checkout errors', severity: 'SEV2' });
    setSeverity(doc, ic, { severity: 'SEV1' });
    assignRole(doc, ic, { role: 'comms', person: { id: 'u-c', name: 'Cory' } });
    const updateId = publish(doc, 'Card payments fail <b>& retry</b>.');
    resolveIncident(doc, ic, { overrideReason: 'test' });
    expect(types()).toEqual([
      'room.declared',
      'severity.changed',
      'role.handed-over',
      'status-update.published',
      'incident.resolved',
    ]);
    expect(rows[0]!.event.data).toEqual({
      type: 'room.declared',
      declaredBy: { id: 'u-ic', name: 'Iris' },
      roles: { ic: { id: 'u-ic', name: 'Iris' } },
    });
    expect(rows[1]!.event.data).toEqual({ type: 'severity.changed', from: 'SEV2', to: 'SEV1' });
    expect(rows[2]!.event.data).toMatchObject({ role: 'comms', from: null, to: { name: 'Cory' } });
    expect(rows[3]!.event.data).toMatchObject({
      updateId,
      text: 'Card payments fail <b>& retry</b>.',
      phase: 'investigating',
    });
    expect(rows[4]!.event.room).toMatchObject({
      id: 'room-1',
      severity: 'SEV1',
      phase: 'resolved',
    });
    expect(new Set(rows.map((row) => row.event.id)).size).toBe(5);
  });

  it('says nothing for changes no receiver hears of (draft typing, the timeline)', () => {
    const { doc, types } = watchedDoc();
    declareIncident(doc, ic, { title: 'Checkout errors', severity: 'SEV2' });
    setStatusDraft(doc, ic, { text: 'typing…' });
    setStatusDraft(doc, ic, { text: 'typing more…' });
    approveStatusUpdate(doc, ic);
    expect(types()).toEqual(['room.declared']);
  });

  it('never emits a published update twice when its update is synced again or late', () => {
    const source = new Y.Doc();
    declareIncident(source, ic, { title: 'Checkout errors', severity: 'SEV2' });
    publish(source, 'First words.');
    const whole = Y.encodeStateAsUpdate(source);
    const { doc, types } = watchedDoc();
    Y.applyUpdate(doc, whole);
    Y.applyUpdate(doc, whole);
    // A second watch over the same stored state (a restart) starts from it: nothing again.
    const restarted = watchedDoc(config(), doc);
    Y.applyUpdate(doc, whole);
    expect(types()).toEqual(['room.declared', 'status-update.published']);
    expect(restarted.types()).toEqual([]);
  });

  it('routes by event type, severity and status page, each target once', () => {
    const outbound = config([
      { events: new Set(['status-update.published'] as const), targets: ['chat', 'hook'] },
      { targets: ['hook'], severities: new Set(['SEV1'] as const) },
      { targets: ['chat'], statusPages: new Set(['public']) },
    ]);
    const { doc, rows } = watchedDoc(outbound);
    declareIncident(doc, ic, { title: 'Checkout errors', severity: 'SEV2' });
    setSeverity(doc, ic, { severity: 'SEV1' });
    setStatusPage(doc, ic, { pageId: 'public', componentIds: ['api'] });
    publish(doc, 'Looking into it.');
    expect(rows.map((row) => `${row.event.data.type}→${row.targetId}`)).toEqual([
      'severity.changed→hook',
      'status-update.published→chat',
      'status-update.published→hook',
    ]);
  });

  it('briefs the kinds that write for people: components, service, impact start, next update due', () => {
    const { doc, rows } = watchedDoc();
    declareIncident(doc, ic, {
      title: 'Checkout errors',
      severity: 'SEV2',
      service: 'payments',
      policy: { updateCadenceMinutes: { SEV1: 15, SEV2: 30 } },
    });
    setMilestone(doc, ic, { name: 'impactStarted', at: '2026-03-24T02:40:00.000Z' });
    setStatusPage(doc, ic, { pageId: 'public', componentIds: ['checkout', 'api'] });
    publish(doc, 'Looking into it.');
    setSeverity(doc, ic, { severity: 'SEV1' });
    resolveIncident(doc, ic, { overrideReason: 'test' });
    const [declared, published, raised, resolved] = rows.map((row) => row.event.briefing);
    expect(declared).toEqual({
      components: [],
      service: 'payments',
      impactStartedAt: null,
      nextUpdateAt: '2026-03-24T03:30:00.000Z', // 30 minutes after the declaration at 03:00
    });
    expect(published).toEqual({
      components: ['checkout', 'api'],
      service: 'payments',
      impactStartedAt: '2026-03-24T02:40:00.000Z',
      nextUpdateAt: '2026-03-24T03:30:00.000Z',
    });
    // SEV1's cadence counts from the same update; a resolved room owes none.
    expect(raised?.nextUpdateAt).toBe('2026-03-24T03:15:00.000Z');
    expect(resolved?.nextUpdateAt).toBeNull();
  });
});
