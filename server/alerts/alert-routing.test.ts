import { describe, expect, it } from 'vitest';
import { compileRule, routeAlert, routeRuleSchema } from './alert-routing';
import type { NormalizedAlert } from './normalized-alert';

const rules = [
  { name: 'db attaches', match: { team: 'db' }, action: 'attach' },
  { name: 'edge only', sources: ['edge-am'], match: { severity: 'critical' }, severity: 'SEV2' },
  {
    name: 'payments',
    match: { service: { regex: 'pay(ments|outs)' }, 'alert.status': 'firing' },
    severityMap: { critical: 'SEV1', warning: 'SEV3' },
  },
].map((rule) => compileRule(routeRuleSchema.parse(rule)));

function alert(
  labels: Record<string, string>,
  status: NormalizedAlert['status'] = 'firing',
): NormalizedAlert {
  return {
    dedupeKey: 'group',
    status,
    title: 'Alert',
    severity: labels.severity,
    eventTime: 0,
    labels,
    annotations: {},
    links: [],
    deliveryId: 'd',
  };
}

const route = (
  sourceId: string,
  labels: Record<string, string>,
  status?: NormalizedAlert['status'],
) => {
  const decision = routeAlert(rules, sourceId, alert(labels, status));
  return decision && [decision.rule.name, decision.severity];
};

describe('routeAlert', () => {
  it('takes the first rule whose source and matchers all fit', () => {
    expect(route('prod-am', { team: 'db', service: 'payments' })).toEqual(['db attaches', 'SEV3']);
    expect(route('edge-am', { severity: 'critical', service: 'payments' })).toEqual([
      'edge only',
      'SEV2',
    ]);
    expect(route('prod-am', { severity: 'critical', service: 'payments' })).toEqual([
      'payments',
      'SEV1',
    ]);
  });

  it('matches a regex against the whole value, and the alert fields by name', () => {
    expect(route('prod-am', { service: 'payouts', severity: 'warning' })).toEqual([
      'payments',
      'SEV3',
    ]);
    expect(route('prod-am', { service: 'old-payments-ui' })).toBeNull();
    expect(route('prod-am', { service: 'payments' }, 'resolved')).toBeNull();
  });

  it('falls back to the rule severity for a word the map does not have', () => {
    expect(route('prod-am', { service: 'payments', severity: 'page' })).toEqual([
      'payments',
      'SEV3',
    ]);
    // An inherited name is not a severity word.
    expect(route('prod-am', { service: 'payments', severity: 'toString' })).toEqual([
      'payments',
      'SEV3',
    ]);
  });
});
