import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../shared/doc/enums';
import { LINK_URL_PATTERN } from '../../shared/doc/keys';
import { roleId, shortText, templateId } from '../../shared/templates/schema-parts';
import type { NormalizedAlert } from './normalized-alert';

/**
 * Routing rules: data in the alert sources file (docs/TEMPLATES.md, "Alert routing"). The first
 * rule whose sources and matchers all fit an alert decides what happens to it; an alert no rule
 * fits is unrouted (recorded and listed, never dropped).
 */

const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });

const regexMatcher = z
  .object({
    regex: z.string().refine(
      (pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      },
      { error: 'is not a valid regular expression' },
    ),
  })
  .strict();

/** A label value, or `{regex}` matched against the whole value (as Alertmanager's `=~`). */
const matcher = z.union([z.string(), regexMatcher], {
  error: 'expected a value to equal, or {regex: ...}',
});

export const routeRuleSchema = z
  .object({
    name: shortText,
    /** Source ids this rule applies to; every source when left out. */
    sources: z.array(z.string()).min(1).optional(),
    /** Label name (or alert.status / alert.severity / alert.title) → matcher; all must match. */
    match: z.record(z.string(), matcher).default({}),
    /** `open`: open a room for the alert's dedupe key; `attach`: only append to an open one. */
    action: z.enum(['open', 'attach'], { error: 'must be open or attach' }).default('open'),
    /** The room's severity when the alert's own severity word is not in severityMap. */
    severity: severity.default('SEV3'),
    /** The sender's severity word (label `severity`) → the room's severity. */
    severityMap: z.record(z.string(), severity).optional(),
    incidentType: shortText.optional(),
    service: shortText.optional(),
    team: shortText.optional(),
    runbook: z
      .string()
      .max(2000)
      .regex(LINK_URL_PATTERN, { error: 'must be an http(s) URL' })
      .optional(),
    /** A checklist template id (templates/checklists) the room is asked to follow. */
    checklist: templateId.optional(),
    /** Roles to page when the rule opens a room (`pageRoles`): apps of people with that usual role say so. */
    page: z.array(roleId).optional(),
  })
  .strict();

export type RouteRule = z.output<typeof routeRuleSchema>;

export interface RoutingDecision {
  readonly rule: RouteRule;
  readonly severity: Severity;
}

type Test = (value: string | undefined) => boolean;

/** A rule with its matchers compiled once, when the file is loaded. */
export interface CompiledRule {
  readonly rule: RouteRule;
  readonly tests: readonly (readonly [field: string, test: Test])[];
}

export function compileRule(rule: RouteRule): CompiledRule {
  const tests = Object.entries(rule.match).map(([field, expected]): [string, Test] => {
    if (typeof expected === 'string') return [field, (value) => value === expected];
    const pattern = new RegExp(`^(?:${expected.regex})$`);
    return [field, (value) => value !== undefined && pattern.test(value)];
  });
  return { rule, tests };
}

/** What a matcher's field names: a label, or one of the alert's own fields. */
function fieldOf(alert: NormalizedAlert, field: string): string | undefined {
  switch (field) {
    case 'alert.status':
      return alert.status;
    case 'alert.severity':
      return alert.severity;
    case 'alert.title':
      return alert.title;
    default:
      return Object.hasOwn(alert.labels, field) ? alert.labels[field] : undefined;
  }
}

/** The first rule that fits the alert from this source, or null: unrouted. */
export function routeAlert(
  rules: readonly CompiledRule[],
  sourceId: string,
  alert: NormalizedAlert,
): RoutingDecision | null {
  for (const { rule, tests } of rules) {
    if (rule.sources && !rule.sources.includes(sourceId)) continue;
    if (!tests.every(([field, test]) => test(fieldOf(alert, field)))) continue;
    const mapped =
      alert.severity !== undefined &&
      rule.severityMap &&
      Object.hasOwn(rule.severityMap, alert.severity)
        ? rule.severityMap[alert.severity]
        : undefined;
    return { rule, severity: mapped ?? rule.severity };
  }
  return null;
}
