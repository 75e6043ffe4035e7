/**
 * Alert webhook bodies written from the senders' documented field lists, for tests: Prometheus
 * Alertmanager's webhook receiver (version "4") and Grafana's webhook contact point (the same
 * group shape, plus title, state, message, orgId and per-alert dashboard, panel and silence links
 * and values). Builders rather than files, so a test says only what it cares about.
 */

export interface TestAlert {
  readonly status?: 'firing' | 'resolved';
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly fingerprint: string;
}

export interface TestGroup {
  /** The group's labels; Alertmanager's groupKey is built from them. */
  readonly groupLabels: Record<string, string>;
  readonly commonLabels?: Record<string, string>;
  readonly alerts: readonly TestAlert[];
}

/** Alertmanager's own groupKey shape: the route's matchers, then the group labels. */
export function groupKeyOf(groupLabels: Record<string, string>): string {
  const labels = Object.entries(groupLabels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ');
  return `{}/{severity=~"critical|warning"}:{${labels}}`;
}

/** Alertmanager writes the zero time as the end of an alert that has not ended. */
const NOT_ENDED = '0001-01-01T00:00:00Z';

function groupAlert(group: TestGroup, alert: TestAlert) {
  const status = alert.status ?? 'firing';
  return {
    status,
    labels: { ...group.groupLabels, ...group.commonLabels, ...alert.labels },
    annotations: {
      summary: 'Checkout 5xx above 5 % for 5 minutes',
      description: 'The 5xx ratio of checkout-api is 7.2 %.',
      runbook_url: 'https://runbooks.example.com/checkout-5xx',
      ...alert.annotations,
    },
    startsAt: alert.startsAt,
    endsAt: alert.endsAt ?? (status === 'resolved' ? alert.startsAt : NOT_ENDED),
    generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout_5xx%3Aratio5m',
    fingerprint: alert.fingerprint,
  };
}

export function alertmanagerPayload(group: TestGroup) {
  const alerts = group.alerts.map((alert) => groupAlert(group, alert));
  return {
    version: '4',
    groupKey: groupKeyOf(group.groupLabels),
    truncatedAlerts: 0,
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'incident-room',
    groupLabels: group.groupLabels,
    commonLabels: { ...group.groupLabels, ...group.commonLabels },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts,
  };
}

export function grafanaPayload(group: TestGroup) {
  const base = alertmanagerPayload(group);
  const firing = base.status === 'firing';
  return {
    ...base,
    version: '1',
    orgId: 1,
    title: `[${firing ? 'FIRING' : 'RESOLVED'}:${group.alerts.length}] checkout-api`,
    state: firing ? 'alerting' : 'ok',
    message: '**Firing**\n\nValue: B=7.2\nLabels:\n - alertname = CheckoutErrors\n',
    alerts: base.alerts.map((alert) => ({
      ...alert,
      values: { B: 7.2, C: 1 },
      dashboardURL: 'https://grafana.example.com/d/checkout?orgId=1',
      panelURL: 'https://grafana.example.com/d/checkout?orgId=1&viewPanel=4',
      silenceURL: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana',
      imageURL: '',
    })),
  };
}
