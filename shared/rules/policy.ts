import { SEVERITIES, type Severity } from '../doc/enums';
import type { RoomPolicy } from '../doc/types';

/**
 * Defaults from incident practice: status updates every 15 min for SEV1, 30 min SEV2, 2 h SEV3,
 * none for SEV4; at least 15 clean minutes in monitoring before calling an incident resolved.
 * Templates may carry other values; the room keeps whatever it was declared with.
 */
export const DEFAULT_POLICY: RoomPolicy = {
  updateCadenceMinutes: { SEV1: 15, SEV2: 30, SEV3: 120, SEV4: null },
  stabilizationMinutes: 15,
};

export interface PolicyOverrides {
  updateCadenceMinutes?: Partial<Record<Severity, number | null | undefined>>;
  stabilizationMinutes?: number | undefined;
}

export function mergePolicy(overrides: PolicyOverrides | undefined): RoomPolicy {
  const updateCadenceMinutes = { ...DEFAULT_POLICY.updateCadenceMinutes };
  for (const severity of SEVERITIES) {
    const minutes = overrides?.updateCadenceMinutes?.[severity];
    if (minutes !== undefined) updateCadenceMinutes[severity] = minutes;
  }
  return {
    updateCadenceMinutes,
    stabilizationMinutes: overrides?.stabilizationMinutes ?? DEFAULT_POLICY.stabilizationMinutes,
  };
}
