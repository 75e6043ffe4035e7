import { z } from 'zod';
import type * as Y from 'yjs';
import { FORMAT_VERSION } from '../doc/format';
import { ROLES, ROLE_TITLES, SEVERITIES, type Role } from '../doc/enums';
import { LIMITS } from '../doc/limits';
import { roomRoots } from '../doc/roots';
import type { Person, PhaseState, RoomPolicy } from '../doc/types';
import { mergePolicy } from '../rules/policy';
import { toIso } from '../util/time';
import { checkContext, commit, type OperationContext } from './context';
import { OperationError } from './operation-error';
import { isDeclared } from './room-guard';
import { appendTimelineEntry } from './timeline-writer';
import {
  actorPerson,
  checkNotFuture,
  instantSchema,
  optionalText,
  parseInput,
  personSchema,
  requiredText,
} from './validate';

const cadenceMinutes = z.number().int().positive().max(LIMITS.maxCadenceMinutes).nullable();

const policySchema = z
  .object({
    updateCadenceMinutes: z
      .object({
        SEV1: cadenceMinutes,
        SEV2: cadenceMinutes,
        SEV3: cadenceMinutes,
        SEV4: cadenceMinutes,
      })
      .partial()
      .strict()
      .optional(),
    stabilizationMinutes: z.number().min(0).max(LIMITS.maxStabilizationMinutes).optional(),
  })
  .strict();

const declareSchema = z.object({
  title: requiredText(LIMITS.titleChars),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
  incidentType: optionalText(LIMITS.shortFieldChars).optional(),
  service: optionalText(LIMITS.shortFieldChars).optional(),
  /** Cadence and stabilization overrides, typically from the chosen template. */
  policy: policySchema.optional(),
  /** Other roles to fill at once; `ic` defaults to the declaring person. */
  roles: z.partialRecord(z.enum(ROLES), personSchema).optional(),
  /** When the incident was declared; defaults to now. */
  at: instantSchema.optional(),
});

export type DeclareIncidentInput = z.input<typeof declareSchema>;

/**
 * Opens the incident: metadata, policy, the `declared` milestone, roles (the declaring person is
 * IC unless `roles.ic` names someone else), all written to the timeline.
 */
export function declareIncident(
  doc: Y.Doc,
  ctx: OperationContext,
  input: DeclareIncidentInput,
): { entryId: string } {
  checkContext(ctx);
  const parsed = parseInput(declareSchema, input);
  const roots = roomRoots(doc);
  if (isDeclared(roots)) {
    throw new OperationError('already-declared', 'An incident is already declared in this room.');
  }
  const at = parsed.at ?? toIso(ctx.now());
  checkNotFuture(at, ctx);
  const actor = actorPerson(ctx);
  const policy: RoomPolicy = mergePolicy(parsed.policy);
  const roles: Partial<Record<Role, Person>> = { ic: actor, ...parsed.roles };

  return commit(doc, ctx, () => {
    const phase: PhaseState = { name: 'investigating', since: at, by: actor };
    roots.meta.set('formatVersion', FORMAT_VERSION);
    roots.meta.set('title', parsed.title.trim());
    roots.meta.set('severity', parsed.severity);
    roots.meta.set('incidentType', parsed.incidentType?.trim() || null);
    roots.meta.set('service', parsed.service?.trim() || null);
    roots.meta.set('createdAt', toIso(ctx.now()));
    roots.meta.set('createdBy', actor);
    roots.meta.set('phase', phase);
    roots.meta.set('policy', policy);
    roots.milestones.set('declared', at);
    const entryId = appendTimelineEntry(roots, ctx, {
      kind: 'milestone',
      at,
      text: `Incident declared at ${parsed.severity}: ${parsed.title.trim()}`,
      ref: { type: 'declaration' },
    });
    for (const role of ROLES) {
      const person = roles[role];
      if (!person) continue;
      roots.roles.set(role, { id: person.id, name: person.name });
      appendTimelineEntry(roots, ctx, {
        kind: 'role',
        at,
        text: `${ROLE_TITLES[role]}: ${person.name}`,
        ref: { type: 'role', role, person: { id: person.id, name: person.name } },
      });
    }
    return { entryId };
  });
}
