import type {
  Author,
  ExpertValue,
  Person,
  PhaseState,
  RoomPolicy,
  Stamp,
  StatusApproval,
  RolePage,
  StatusPageChoice,
} from './types';
import { PHASES, ROLES, SEVERITIES, isOneOf } from './enums';
import { isoToMs } from '../util/time';
import { MAX_STATUS_PAGE_COMPONENTS, STATUS_PAGE_ID_PATTERN } from './keys';

/**
 * Shape checks for values read back from the document. Another peer (an older build, a hostile
 * script with a write key) may have written anything; readers skip what does not fit rather
 * than crash the room for everyone.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asPerson(value: unknown): Person | null {
  if (!isRecord(value)) return null;
  const { id, name } = value;
  return typeof id === 'string' && typeof name === 'string' ? { id, name } : null;
}

export function asAuthor(value: unknown): Author | null {
  if (!isRecord(value)) return null;
  const { id, name } = value;
  if (typeof name !== 'string') return null;
  if (id !== null && typeof id !== 'string') return null;
  return { id, name };
}

export function asIso(value: unknown): string | null {
  return isoToMs(value) === null ? null : (value as string);
}

export function asStamp(value: unknown): Stamp | null {
  if (!isRecord(value)) return null;
  const by = asPerson(value.by);
  const at = asIso(value.at);
  return by && at ? { by, at } : null;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function asPhaseState(value: unknown): PhaseState | null {
  if (!isRecord(value)) return null;
  const by = asPerson(value.by);
  const since = asIso(value.since);
  if (!by || !since || !isOneOf(PHASES, value.name)) return null;
  return { name: value.name, since, by };
}

export function asPolicy(value: unknown): RoomPolicy | null {
  if (!isRecord(value)) return null;
  const cadence = value.updateCadenceMinutes;
  const stabilization = value.stabilizationMinutes;
  if (!isRecord(cadence) || typeof stabilization !== 'number' || !(stabilization >= 0)) return null;
  const updateCadenceMinutes = {} as RoomPolicy['updateCadenceMinutes'];
  for (const severity of SEVERITIES) {
    const minutes = cadence[severity];
    if (minutes === null) updateCadenceMinutes[severity] = null;
    else if (typeof minutes === 'number' && minutes > 0) updateCadenceMinutes[severity] = minutes;
    else return null;
  }
  return { updateCadenceMinutes, stabilizationMinutes: stabilization };
}

export function asStatusApproval(value: unknown): StatusApproval | null {
  if (!isRecord(value) || typeof value.text !== 'string') return null;
  const stamp = asStamp(value);
  return stamp ? { text: value.text, by: stamp.by, at: stamp.at } : null;
}

export function asExpert(value: unknown): ExpertValue | null {
  if (!isRecord(value) || typeof value.area !== 'string') return null;
  const person = asPerson(value);
  const addedBy = asPerson(value.addedBy);
  const addedAt = asIso(value.addedAt);
  if (!person || !addedBy || !addedAt) return null;
  return { id: person.id, name: person.name, area: value.area, addedAt, addedBy };
}

/** Readers apply the id shape too: the ids end up in the relay's URLs and queries. */
export function asStatusPageChoice(value: unknown): StatusPageChoice | null {
  if (!isRecord(value) || typeof value.pageId !== 'string') return null;
  if (!STATUS_PAGE_ID_PATTERN.test(value.pageId) || !Array.isArray(value.componentIds)) return null;
  const componentIds = value.componentIds.filter(
    (id): id is string => typeof id === 'string' && STATUS_PAGE_ID_PATTERN.test(id),
  );
  const by = asPerson(value.by);
  const at = asIso(value.at);
  if (!by || !at) return null;
  return {
    pageId: value.pageId,
    componentIds: componentIds.slice(0, MAX_STATUS_PAGE_COMPONENTS),
    by,
    at,
  };
}

export function asRolePage(value: unknown): RolePage | null {
  if (!isRecord(value) || !Array.isArray(value.roles) || typeof value.reason !== 'string') {
    return null;
  }
  const roles = ROLES.filter((role) => (value.roles as unknown[]).includes(role));
  const by = asPerson(value.by);
  const at = asIso(value.at);
  if (roles.length === 0 || !by || !at) return null;
  return { roles, reason: value.reason, by, at };
}
