import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseAlertSources } from './alert-sources-file';
import { routeAlert } from './alert-routing';
import type { NormalizedAlert } from './normalized-alert';

// docs/TEMPLATES.md's routing example is what operators copy: it must load, and route as it says.
const doc = readFileSync(new URL('../../docs/TEMPLATES.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## Alert routing'));
const example = /```yaml\n([^]*?)```/.exec(section)?.[1] ?? '';

function alert(labels: Record<string, string>): NormalizedAlert {
  return {
    dedupeKey: 'group',
    status: 'firing',
    title: labels.alertname ?? 'Alert',
    severity: labels.severity,
    eventTime: 0,
    labels,
    annotations: {},
    links: [],
    deliveryId: 'delivery',
  };
}

it('the routing example in docs/TEMPLATES.md loads and routes as the text says', () => {
  const secret = 'x'.repeat(64);
  const { rules } = parseAlertSources(
    example.replaceAll('<output of: openssl rand -hex 32>', secret),
    'TEMPLATES.md',
  );
  const route = (labels: Record<string, string>) => {
    const decision = routeAlert(rules, 'prod-am', alert(labels));
    return decision && `${decision.rule.name} ${decision.rule.action} ${decision.severity}`;
  };
  const checkout = { alertname: 'CheckoutErrors', service: 'checkout-api' };
  expect(route({ ...checkout, severity: 'critical' })).toBe('payments pages open SEV1');
  expect(route({ ...checkout, severity: 'warning' })).toBe('payments pages open SEV3');
  expect(route({ service: 'search', severity: 'critical' })).toBe('other critical open SEV2');
  expect(route({ team: 'db', severity: 'critical' })).toBe(
    'database joins open incidents attach SEV3',
  );
  expect(route({ severity: 'info' })).toBeNull();
});
