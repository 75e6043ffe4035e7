import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics';

const MINUTE = 60_000;

describe('computeMetrics', () => {
  it('measures detect, mitigate and resolve from impact start and acknowledge from detection (seed 000)', () => {
    expect(
      computeMetrics({
        impactStarted: '2024-12-11T14:32:00.000Z',
        detected: '2024-12-11T14:38:00.000Z',
        acknowledged: '2024-12-11T14:40:00.000Z',
        declared: '2024-12-11T14:40:00.000Z',
        mitigated: '2024-12-11T14:53:00.000Z',
        resolved: '2024-12-11T14:59:00.000Z',
      }),
    ).toEqual({
      timeToDetectMs: 6 * MINUTE,
      timeToAcknowledgeMs: 2 * MINUTE,
      timeToMitigateMs: 21 * MINUTE,
      timeToResolveMs: 27 * MINUTE,
      inconsistencies: [],
    });
  });

  it('gives null for every metric whose milestones are missing, never a guess', () => {
    expect(
      computeMetrics({
        detected: '2024-12-11T14:38:00.000Z',
        acknowledged: '2024-12-11T14:40:00.000Z',
      }),
    ).toEqual({
      timeToDetectMs: null,
      timeToAcknowledgeMs: 2 * MINUTE,
      timeToMitigateMs: null,
      timeToResolveMs: null,
      inconsistencies: [],
    });
    expect(computeMetrics({ impactStarted: null, resolved: 'garbage' })).toMatchObject({
      timeToResolveMs: null,
    });
  });

  it('reports a milestone before its reference as negative and names it', () => {
    const metrics = computeMetrics({
      impactStarted: '2024-12-11T14:40:00.000Z',
      detected: '2024-12-11T14:38:00.000Z',
    });
    expect(metrics.timeToDetectMs).toBe(-2 * MINUTE);
    expect(metrics.inconsistencies).toEqual(['timeToDetect']);
  });
});
