import { describe, expect, it } from 'vitest';
import type { PhaseState } from '../doc/types';
import { DEFAULT_POLICY } from './policy';
import { stabilizationState } from './stabilization';

const by = { id: 'u', name: 'U' };
const monitoring: PhaseState = { name: 'monitoring', since: '2026-03-24T03:00:00.000Z', by };
const at = (hhmm: string) => Date.parse(`2026-03-24T${hhmm}:00.000Z`);

describe('stabilizationState', () => {
  it('is pending inside the window and satisfied from its end on', () => {
    expect(stabilizationState(monitoring, DEFAULT_POLICY, at('03:10'))).toEqual({
      satisfied: false,
      monitoringSince: '2026-03-24T03:00:00.000Z',
      clearAt: '2026-03-24T03:15:00.000Z',
      remainingMs: 5 * 60_000,
    });
    expect(stabilizationState(monitoring, DEFAULT_POLICY, at('03:15')).satisfied).toBe(true);
  });

  it('is never satisfied outside monitoring', () => {
    const identified: PhaseState = { ...monitoring, name: 'identified' };
    expect(stabilizationState(identified, DEFAULT_POLICY, at('09:00'))).toEqual({
      satisfied: false,
      monitoringSince: null,
      clearAt: null,
      remainingMs: null,
    });
    expect(stabilizationState(null, DEFAULT_POLICY, at('09:00')).satisfied).toBe(false);
  });

  it('follows the policy window', () => {
    const policy = { ...DEFAULT_POLICY, stabilizationMinutes: 0 };
    expect(stabilizationState(monitoring, policy, at('03:00')).satisfied).toBe(true);
  });
});
