import type { MilestoneName } from '../doc/enums';
import { isoToMs } from '../util/time';

/**
 * Response metrics measured the way the seed-000 postmortem measures them: detection, mitigation
 * and resolution from impact start; acknowledgement from detection. A missing milestone gives
 * null, never a guess; a milestone earlier than its reference yields a negative number and is
 * named in `inconsistencies` so a typo is visible instead of silently "fixed".
 */
export interface IncidentMetrics {
  timeToDetectMs: number | null;
  timeToAcknowledgeMs: number | null;
  timeToMitigateMs: number | null;
  timeToResolveMs: number | null;
  inconsistencies: MetricName[];
}

export type MetricName = 'timeToDetect' | 'timeToAcknowledge' | 'timeToMitigate' | 'timeToResolve';

export type MilestoneTimes = Partial<Record<MilestoneName, string | null>>;

const DEFINITIONS: ReadonlyArray<[MetricName, MilestoneName, MilestoneName]> = [
  ['timeToDetect', 'impactStarted', 'detected'],
  ['timeToAcknowledge', 'detected', 'acknowledged'],
  ['timeToMitigate', 'impactStarted', 'mitigated'],
  ['timeToResolve', 'impactStarted', 'resolved'],
];

export function computeMetrics(milestones: MilestoneTimes): IncidentMetrics {
  const result: IncidentMetrics = {
    timeToDetectMs: null,
    timeToAcknowledgeMs: null,
    timeToMitigateMs: null,
    timeToResolveMs: null,
    inconsistencies: [],
  };
  for (const [metric, fromName, toName] of DEFINITIONS) {
    const from = isoToMs(milestones[fromName]);
    const to = isoToMs(milestones[toName]);
    if (from === null || to === null) continue;
    const duration = to - from;
    result[`${metric}Ms`] = duration;
    if (duration < 0) result.inconsistencies.push(metric);
  }
  return result;
}
