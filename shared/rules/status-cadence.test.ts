import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, mergePolicy } from './policy';
import { statusCadence } from './status-cadence';

const declaredAt = '2026-03-24T02:47:00.000Z';
const at = (hhmm: string) => Date.parse(`2026-03-24T${hhmm}:00.000Z`);

describe('statusCadence', () => {
  it('counts from the declaration until the first update, at the severity cadence', () => {
    const base = {
      phase: 'investigating' as const,
      policy: DEFAULT_POLICY,
      lastPublishedAt: null,
      declaredAt,
    };
    expect(statusCadence({ ...base, severity: 'SEV1', nowMs: at('03:00') })).toEqual({
      cadenceMinutes: 15,
      nextDueAt: '2026-03-24T03:02:00.000Z',
      overdue: false,
      overdueByMs: 0,
    });
    expect(statusCadence({ ...base, severity: 'SEV1', nowMs: at('03:05') })).toMatchObject({
      overdue: true,
      overdueByMs: 3 * 60_000,
    });
    expect(statusCadence({ ...base, severity: 'SEV2', nowMs: at('03:05') }).nextDueAt).toBe(
      '2026-03-24T03:17:00.000Z',
    );
    expect(statusCadence({ ...base, severity: 'SEV3', nowMs: at('03:05') }).nextDueAt).toBe(
      '2026-03-24T04:47:00.000Z',
    );
  });

  it('counts from the last published update once there is one', () => {
    const result = statusCadence({
      severity: 'SEV1',
      phase: 'identified',
      policy: DEFAULT_POLICY,
      lastPublishedAt: '2026-03-24T03:00:00.000Z',
      declaredAt,
      nowMs: at('03:10'),
    });
    expect(result).toEqual({
      cadenceMinutes: 15,
      nextDueAt: '2026-03-24T03:15:00.000Z',
      overdue: false,
      overdueByMs: 0,
    });
  });

  it('owes nothing for SEV4, a resolved room, or an undeclared room', () => {
    const base = { policy: DEFAULT_POLICY, lastPublishedAt: null, declaredAt, nowMs: at('09:00') };
    expect(statusCadence({ ...base, severity: 'SEV4', phase: 'investigating' })).toMatchObject({
      nextDueAt: null,
      overdue: false,
    });
    expect(statusCadence({ ...base, severity: 'SEV1', phase: 'resolved' })).toMatchObject({
      cadenceMinutes: 15,
      nextDueAt: null,
      overdue: false,
    });
    expect(statusCadence({ ...base, severity: null, phase: null, policy: null })).toMatchObject({
      nextDueAt: null,
    });
  });

  it('uses the room policy, not the defaults', () => {
    const policy = mergePolicy({ updateCadenceMinutes: { SEV2: 10 } });
    expect(policy.updateCadenceMinutes).toEqual({ SEV1: 15, SEV2: 10, SEV3: 120, SEV4: null });
    const result = statusCadence({
      severity: 'SEV2',
      phase: 'investigating',
      policy,
      lastPublishedAt: null,
      declaredAt,
      nowMs: at('02:50'),
    });
    expect(result.nextDueAt).toBe('2026-03-24T02:57:00.000Z');
  });
});
