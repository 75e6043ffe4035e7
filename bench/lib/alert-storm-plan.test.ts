import { describe, expect, it } from 'vitest';
import {
  checkEntries,
  entryKey,
  expectedEntries,
  mixCounts,
  planAlertStorm,
  type AlertStormConfig,
  type PlannedNotification,
} from './alert-storm-plan';

const CONFIG: AlertStormConfig = {
  groups: 20,
  alerts: 4_000,
  alertsPerSecond: 1_000,
  maxAlertsPerNotification: 7,
  newShare: 0.4,
  repeatShare: 0.4,
  resolveShare: 0.15,
  seed: 7,
};

describe('alert storm plan', () => {
  it('is the same storm for the same seed, and another for another seed', () => {
    expect(planAlertStorm(CONFIG)).toEqual(planAlertStorm(CONFIG));
    expect(planAlertStorm({ ...CONFIG, seed: 8 })).not.toEqual(planAlertStorm(CONFIG));
  });

  it('sends exactly the alerts asked for, at the rate asked for, in every group', () => {
    const plan = planAlertStorm(CONFIG);
    const alerts = plan.reduce((n, notification) => n + notification.alerts.length, 0);
    expect(alerts).toBe(CONFIG.alerts);
    expect(new Set(plan.map((n) => n.group)).size).toBe(CONFIG.groups);
    // Notification i leaves when the alerts before it are due: 1,000 alerts/s is 1 per ms.
    let before = 0;
    for (const notification of plan) {
      expect(notification.sendAtMs).toBe(before);
      expect(notification.alerts.length).toBeGreaterThanOrEqual(1);
      expect(notification.alerts.length).toBeLessThanOrEqual(CONFIG.maxAlertsPerNotification);
      before += notification.alerts.length;
    }
  });

  it("opens each group with new alerts only, within the storm's first half", () => {
    const plan = planAlertStorm(CONFIG);
    const firsts = new Map<number, PlannedNotification>();
    for (const notification of plan) {
      if (!firsts.has(notification.group)) firsts.set(notification.group, notification);
    }
    for (const first of firsts.values()) {
      expect(first.alerts.every((alert) => alert.mix === 'new')).toBe(true);
      expect(first.sendAtMs).toBeLessThan(CONFIG.alerts / 2);
    }
  });

  it('mixes new alerts, unchanged repeats, resolves and flaps near the asked shares', () => {
    const counts = mixCounts(planAlertStorm(CONFIG));
    const share = (n: number) => n / CONFIG.alerts;
    expect(share(counts.repeat)).toBeGreaterThan(0.3);
    expect(share(counts.resolve)).toBeGreaterThan(0.1);
    expect(counts.refire).toBeGreaterThan(0);
    expect(counts.new + counts.repeat + counts.resolve + counts.refire).toBe(CONFIG.alerts);
  });

  it('never puts one alert twice in a notification, and repeats only what fires unchanged', () => {
    const firing = new Map<string, number>();
    for (const notification of planAlertStorm(CONFIG)) {
      const ids = notification.alerts.map((alert) => alert.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const alert of notification.alerts) {
        if (alert.mix === 'repeat') expect(firing.get(alert.id)).toBe(alert.startsAtMs);
        if (alert.status === 'firing') firing.set(alert.id, alert.startsAtMs);
        else firing.delete(alert.id);
      }
    }
  });
});

describe('expected entries and their check', () => {
  const plan: PlannedNotification[] = [
    {
      group: 0,
      sendAtMs: 0,
      alerts: [{ id: 'a', status: 'firing', startsAtMs: 0, endsAtMs: null, mix: 'new' }],
    },
    {
      group: 0,
      sendAtMs: 1,
      alerts: [
        { id: 'a', status: 'firing', startsAtMs: 0, endsAtMs: null, mix: 'repeat' },
        { id: 'b', status: 'firing', startsAtMs: 1, endsAtMs: null, mix: 'new' },
      ],
    },
    {
      group: 1,
      sendAtMs: 3,
      alerts: [{ id: 'c', status: 'firing', startsAtMs: 3, endsAtMs: null, mix: 'new' }],
    },
    {
      group: 0,
      sendAtMs: 4,
      alerts: [{ id: 'a', status: 'resolved', startsAtMs: 0, endsAtMs: 4, mix: 'resolve' }],
    },
  ];

  it('counts a repeat once and a resolve at its end time, only for accepted notifications', () => {
    const expected = expectedEntries(plan, [true, true, false, true]);
    expect([...(expected.get(0) ?? [])]).toEqual([
      entryKey('firing', 'a', 0),
      entryKey('firing', 'b', 1),
      entryKey('resolved', 'a', 4),
    ]);
    expect(expected.has(1)).toBe(false);
  });

  it('finds missing, doubled and unexpected entries', () => {
    const expected = new Set(['x', 'y', 'z']);
    expect(checkEntries(expected, ['x', 'y', 'z'])).toEqual({
      expected: 3,
      found: 3,
      missing: 0,
      doubled: 0,
      unexpected: 0,
    });
    expect(checkEntries(expected, ['x', 'x', 'x', 'y', 'w'])).toEqual({
      expected: 3,
      found: 5,
      missing: 1,
      doubled: 2,
      unexpected: 1,
    });
  });
});
