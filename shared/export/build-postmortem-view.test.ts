import { describe, expect, it } from 'vitest';
import { buildSeed000Room } from '../fixtures/seed-000';
import { declaredTestRoom, PEOPLE } from '../fixtures/test-room';
import {
  addActionItem,
  addExpert,
  logEntry,
  recordFollowUpIssue,
  setMilestone,
  setPostmortemField,
} from '../ops/index';
import { readRoom } from '../read/read-room';
import { buildPostmortemView } from './build-postmortem-view';

const generatedAt = '2024-12-12T10:00:00.000Z';

describe('buildPostmortemView', () => {
  it('gives seed 000 its metrics, measured from impact start (TTA from detection)', () => {
    const { doc, endedAt } = buildSeed000Room();
    const view = buildPostmortemView(readRoom(doc, { now: Date.parse(endedAt) }), {
      generatedAt,
      severityNames: { SEV2: 'Major' },
    });
    expect(view.metrics.map((metric) => `${metric.abbreviation} ${metric.value}`)).toEqual([
      'TTD 6 min',
      'TTA 2 min',
      'TTM 21 min',
      'TTR 27 min',
    ]);
    expect(view.metrics[1]?.measuredAs).toBe('detected → acknowledged');
    expect(view).toMatchObject({
      severity: 'SEV2',
      severityName: 'Major',
      phase: 'resolved',
      date: '2024-12-11',
      duration: '14:32 – 14:59 UTC (27 min)',
      generatedAt: '2024-12-12 10:00 UTC',
      hasActionItems: true,
    });
    expect(view.roles).toContainEqual({ role: 'Incident commander', person: 'Avery (on-call)' });
    const times = view.timeline.map((entry) => `${entry.date}T${entry.time}`);
    expect(times).toEqual([...times].sort());
    expect(view.timeline[0]).toMatchObject({
      time: '14:32',
      kind: 'action',
      notes: ['recorded at 14:47'],
    });
    // List markers typed into the free-text section are not repeated; every other word is kept.
    expect(view.contributingFactors).toHaveLength(4);
    expect(view.contributingFactors[0]).toBe(
      'The library changelog mentioned the default change in a minor bullet nobody read.',
    );
    expect(view.statusUpdates.map((update) => update.phase)).toEqual([
      'investigating',
      'identified',
      'resolved',
    ]);
    expect(view.decisions[0]).toMatchObject({
      status: 'approved',
      decidedBy: 'Avery (on-call)',
      reason: 'Rollback first.',
    });
  });

  it('invents nothing: an empty room has empty sections and unrecorded metrics', () => {
    const room = declaredTestRoom();
    const view = buildPostmortemView(readRoom(room.doc, { now: room.clock.now() }), {
      generatedAt,
    });
    expect(view.metrics.every((metric) => metric.value === 'not recorded')).toBe(true);
    expect(view.duration).toBe('not recorded');
    expect(view).toMatchObject({
      summary: '',
      impact: '',
      contributingFactors: [],
      fiveWhys: [],
      wentWell: [],
      wentPoorly: [],
      gotLucky: [],
      actionItems: [],
      experts: [],
      hasActionItems: false,
      followUpMetrics: [],
      severityName: '',
    });
  });

  it('lists the SMEs with their area, in the order they were called in', () => {
    const room = declaredTestRoom();
    addExpert(room.doc, room.ic, { person: { id: 'u-dba', name: 'Dana' }, area: 'database' });
    room.clock.advanceMinutes(1);
    addExpert(room.doc, room.ops, {
      person: { id: 'named:priya', name: 'Priya' },
      area: 'network',
    });
    const view = buildPostmortemView(readRoom(room.doc, { now: room.clock.now() }), {
      generatedAt,
    });
    expect(view.experts).toEqual([
      { person: 'Dana', area: 'database' },
      { person: 'Priya', area: 'network' },
    ]);
  });

  it('notes offline, clock-corrected and edited entries, splits whys, flags out-of-order milestones', () => {
    const room = declaredTestRoom();
    const offline = room.clock.as(PEOPLE.scribe, { offline: true, clockOffsetMs: -42_000 });
    logEntry(room.doc, offline, { kind: 'observation', text: 'Replica lag 47 s' });
    setMilestone(room.doc, room.ic, { name: 'impactStarted', at: '2026-03-24T02:47:00.000Z' });
    setMilestone(room.doc, room.ic, { name: 'detected', at: '2026-03-24T02:40:00.000Z' });
    setPostmortemField(room.doc, room.ops, {
      field: 'fiveWhys',
      text: 'Why did writes fail? The disk controller degraded.\nNo alert on controller health',
    });
    const { id } = addActionItem(room.doc, room.ops, {
      title: 'Alert on\ncontroller health',
      priority: 'P2',
    });
    addActionItem(room.doc, room.ops, { title: 'Canary stage' });
    recordFollowUpIssue(room.doc, room.ops, {
      itemId: id,
      targetId: 'gh',
      issue: {
        state: 'created',
        url: 'https://github.com/acme/db/issues/42',
        ref: '#42',
        error: null,
        at: '2026-03-24T05:00:00.000Z',
      },
    });
    const view = buildPostmortemView(readRoom(room.doc, { now: room.clock.now() }), {
      generatedAt,
    });

    const lag = view.timeline.find((entry) => entry.text === 'Replica lag 47 s');
    expect(lag?.notes).toEqual(['written offline at 02:47', "author's clock corrected by −42 s"]);
    expect(view.fiveWhys).toEqual([
      { step: '1', question: 'Why did writes fail?', answer: 'The disk controller degraded.' },
      { step: '2', question: '', answer: 'No alert on controller health' },
    ]);
    expect(view.metrics[0]?.value).toBe('−7 min (milestones out of order: check detected)');
    expect(view.actionItems[0]).toEqual({
      title: 'Alert on controller health',
      owner: 'unassigned',
      priority: 'P2',
      due: '',
      status: 'open',
      issues: '#42 https://github.com/acme/db/issues/42',
    });
    expect(view.actionItems[1]?.issues).toBe('');
  });
});
