import { z } from 'zod';
import { formatValidationError } from '../../../shared/util/validation-message';
import type { HookRefusal } from '../alert-source-kind';
import type { NormalizedAlert } from '../normalized-alert';

/**
 * The Alertmanager webhook body (version "4"), which Grafana's contact point also sends with a
 * few fields more. Objects are loose: a sender that adds fields in a later release must not be
 * refused for it; only what the relay reads is required.
 */

const stringMap = z.record(z.string(), z.string());

const instant = z.string().refine((text) => Number.isFinite(Date.parse(text)), {
  error: 'must be an RFC 3339 time',
});

export const alertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: instant,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(200),
});

export const alertGroupSchema = z.looseObject({
  groupKey: z.string().min(1).max(4000),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema).min(1, { error: 'must hold at least one alert' }),
});

export type GroupAlert = z.output<typeof alertSchema>;
export type AlertGroup = z.output<typeof alertGroupSchema>;

/** Alertmanager writes the zero time as endsAt of an alert that has not ended. */
const ZERO_TIME_BEFORE = Date.UTC(1971, 0, 1);

/** A body of the wrong shape, in the shared one-line style. */
export function shapeRefusal(what: string, error: z.ZodError): HookRefusal {
  return { ok: false, status: 400, reason: `not ${what}: ${formatValidationError(error)}` };
}

/**
 * When the alert happened: its start; for a resolved alert its end, when the sender gives one
 * (the moment it stopped is what the resolve entry is about).
 */
export function alertEventTime(alert: GroupAlert): number {
  const startsAt = Date.parse(alert.startsAt);
  if (alert.status !== 'resolved' || alert.endsAt === undefined) return startsAt;
  const endsAt = Date.parse(alert.endsAt);
  return Number.isFinite(endsAt) && endsAt > ZERO_TIME_BEFORE ? endsAt : startsAt;
}

/** Only web links are kept: a payload's `javascript:` URL must never become a link in the room. */
export function webLink(label: string, url: string | undefined): NormalizedAlert['links'] {
  return url !== undefined && /^https?:\/\/\S+$/i.test(url) && url.length <= 2000
    ? [{ label, url }]
    : [];
}

/**
 * One alert of a group as the relay's NormalizedAlert. `extraLinks` are the sender's own (Grafana's
 * dashboard and panel). The delivery id names this alert in this state: a sender's retry, or a
 * re-notification of an unchanged alert, carries the same one and appends nothing.
 */
export function normalizeGroupAlert(
  group: AlertGroup,
  alert: GroupAlert,
  extraLinks: NormalizedAlert['links'] = [],
): NormalizedAlert {
  const annotations = { ...group.commonAnnotations, ...alert.annotations };
  const labels = { ...group.commonLabels, ...alert.labels };
  const name = labels.alertname ?? 'Alert';
  const summary = annotations.summary ?? annotations.title;
  return {
    dedupeKey: group.groupKey,
    status: alert.status,
    title: summary ? `${name}: ${summary}` : name,
    description: annotations.description,
    severity: labels.severity,
    eventTime: alertEventTime(alert),
    labels,
    annotations,
    links: [
      ...webLink('generator', alert.generatorURL),
      ...extraLinks,
      ...webLink('runbook', annotations.runbook_url),
    ],
    deliveryId: `${alert.fingerprint}:${alert.status}:${alert.startsAt}`,
  };
}
