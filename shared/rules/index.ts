export { DEFAULT_POLICY, mergePolicy } from './policy';
export type { PolicyOverrides } from './policy';
export { computeMetrics } from './metrics';
export type { IncidentMetrics, MetricName, MilestoneTimes } from './metrics';
export { statusCadence } from './status-cadence';
export type { StatusCadence, StatusCadenceInput } from './status-cadence';
export { stabilizationState } from './stabilization';
export type { StabilizationState } from './stabilization';
