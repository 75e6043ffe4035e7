import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSeed000Room } from '../fixtures/seed-000';
import { declaredTestRoom } from '../fixtures/test-room';
import { setMilestone } from '../ops/index';
import { readRoom } from '../read/read-room';
import { buildStatusUpdateView } from './build-status-update-view';
import { parseTemplateFile } from './parse-template-file';
import { renderStatusUpdate } from './render-status-update';
import { severityPolicySchema } from './severity-policy';
import { toYaml, validSeverityPolicy } from './template-test-fixtures';

const policy = severityPolicySchema.parse(parse(toYaml(validSeverityPolicy())));

describe('buildStatusUpdateView', () => {
  it('fills a SEV1 room mid-incident, with the next update counted from now', () => {
    const room = declaredTestRoom();
    setMilestone(room.doc, room.ic, { name: 'impactStarted', at: '2026-03-24T02:40:00.000Z' });
    room.clock.advanceMinutes(8);
    const view = buildStatusUpdateView(readRoom(room.doc, { now: room.clock.now() }), {
      nowMs: room.clock.now(),
      severityPolicy: policy,
      impact: '  Writes fail for every customer. ',
    });
    expect(view).toMatchObject({
      title: 'Primary database refuses writes',
      service: 'transactions-db',
      impact: 'Writes fail for every customer.',
      severity: 'SEV1',
      severityName: 'Level SEV1',
      statusPageLevel: 'partial outage',
      phase: 'investigating',
      now: '02:55 UTC',
      today: '2026-03-24',
      nextUpdateAt: '03:10 UTC',
      updateCadence: '15 minutes',
      impactStartedAt: '02:40 UTC',
      mitigatedAt: '',
      duration: '15 min',
      roles: { ic: 'Iris', ops: 'Omar', comms: 'Cam', scribe: 'Sol' },
    });
  });

  it('shows times as HH:MM UTC and the duration in whole minutes, even when seconds were recorded', () => {
    const room = declaredTestRoom();
    setMilestone(room.doc, room.ic, { name: 'impactStarted', at: '2026-03-24T02:40:30.000Z' });
    room.clock.set('2026-03-24T04:45:50.000Z');
    const view = buildStatusUpdateView(readRoom(room.doc, { now: room.clock.now() }), {
      nowMs: room.clock.now(),
      severityPolicy: policy,
    });
    expect(view).toMatchObject({
      now: '04:45 UTC',
      impactStartedAt: '02:40 UTC',
      nextUpdateAt: '05:00 UTC',
      duration: '2 h 05 min',
    });
  });

  it('rounds a day-long duration to the minute and says it in days', () => {
    const room = declaredTestRoom();
    room.clock.set('2026-03-25T05:47:25.000Z');
    const view = buildStatusUpdateView(readRoom(room.doc, { now: room.clock.now() }), {
      nowMs: room.clock.now(),
      severityPolicy: policy,
    });
    expect(view.duration).toBe('1 d 3 h 00 min');
  });

  it('counts the duration from the declaration when nobody recorded when impact started', () => {
    const room = declaredTestRoom();
    room.clock.advanceMinutes(12);
    const view = buildStatusUpdateView(readRoom(room.doc, { now: room.clock.now() }), {
      nowMs: room.clock.now(),
      severityPolicy: policy,
    });
    expect(view).toMatchObject({ impactStartedAt: '', duration: '12 min' });
  });

  it("leaves the duration empty when the writer's clock is behind the recorded impact start", () => {
    const room = declaredTestRoom();
    room.clock.advanceMinutes(5);
    setMilestone(room.doc, room.ic, { name: 'impactStarted', at: room.clock.now() });
    const behindMs = room.clock.now() - 3 * 60_000;
    const view = buildStatusUpdateView(readRoom(room.doc, { now: behindMs }), {
      nowMs: behindMs,
      severityPolicy: policy,
    });
    expect(view).toMatchObject({ impactStartedAt: '02:52 UTC', duration: '' });
  });

  it('fills everything but the severity name and level when no severity template is loaded', () => {
    const room = declaredTestRoom();
    const view = buildStatusUpdateView(readRoom(room.doc, { now: room.clock.now() }), {
      nowMs: room.clock.now(),
      severityPolicy: null,
    });
    expect(view).toMatchObject({
      severity: 'SEV1',
      severityName: '',
      statusPageLevel: '',
      now: '02:47 UTC',
      nextUpdateAt: '03:02 UTC',
    });
  });

  it.each([
    [1, '1 minute'],
    [5, '5 minutes'],
    [60, '1 hour'],
    [90, '90 minutes'],
    [120, '2 hours'],
  ])('says a %i-minute cadence as "%s"', (cadenceMinutes, words) => {
    const room = declaredTestRoom();
    const snapshot = readRoom(room.doc, { now: room.clock.now() });
    const withCadence = {
      ...snapshot,
      status: { ...snapshot.status, cadence: { ...snapshot.status.cadence, cadenceMinutes } },
    };
    const view = buildStatusUpdateView(withCadence, {
      nowMs: room.clock.now(),
      severityPolicy: policy,
    });
    expect(view.updateCadence).toBe(words);
  });

  it('owes no next update once resolved, and renders into a template', () => {
    const { doc, endedAt } = buildSeed000Room();
    const now = Date.parse(endedAt);
    const view = buildStatusUpdateView(readRoom(doc, { now }), {
      nowMs: now,
      severityPolicy: policy,
    });
    expect(view).toMatchObject({
      nextUpdateAt: '',
      resolvedAt: '14:59 UTC',
      duration: '27 min',
      impact: '',
    });
    expect(view.links.statusPage).toBe('https://status.example.com/incidents/checkout-errors');
    const template = parseTemplateFile(
      'status/x.mustache',
      '{{service}} resolved at {{resolvedAt}} after {{duration}}{{#nextUpdateAt}}; next {{nextUpdateAt}}{{/nextUpdateAt}}.',
    );
    if (!template.ok || template.value.kind !== 'status-template')
      throw new Error('template refused');
    expect(renderStatusUpdate(template.value.value, view)).toBe(
      'payments-api resolved at 14:59 UTC after 27 min.',
    );
  });
});
