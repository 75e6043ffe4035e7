/**
 * What an alert storm sends, decided before it is sent: a deterministic list of Alertmanager-shaped
 * notifications (one group each, several alerts each) and when each leaves, plus the timeline
 * entries the relay must hold afterwards. The sender and the orchestrator both rebuild it from
 * the same seed, so the IPC carries only statuses, and the check needs no copy of the bodies.
 *
 * The mix, per alert of a notification after a group's first one (which is all new alerts):
 * `newShare` a new alert of the group (new fingerprint), `repeatShare` an alert already firing
 * re-sent unchanged (Alertmanager re-sends a group's active alerts every `group_interval`; the
 * relay must append nothing), `resolveShare` a firing alert resolved, the rest a resolved alert
 * firing again with a new `startsAt` (a flap). Groups first appear spread over the first half.
 */
import { seededRandom } from '../../reliability/fault-proxy/seeded-random';

export interface AlertStormConfig {
  /** Alert groups (Alertmanager `groupKey`s), so rooms: each group's first notification opens one. */
  groups: number;
  /** Alerts in all, across notifications. */
  alerts: number;
  /** Alerts per second, over every notification (the open-loop rate). */
  alertsPerSecond: number;
  /** Alerts per notification: uniform in 1..maxAlertsPerNotification. */
  maxAlertsPerNotification: number;
  newShare: number;
  repeatShare: number;
  resolveShare: number;
  seed: number;
}

export interface PlannedAlert {
  /** Unique per alert of the storm; sent as the `fingerprint` and as label `alert_id`. */
  id: string;
  status: 'firing' | 'resolved';
  /** Milliseconds after the storm's time base (the sender makes ISO strings of them). */
  startsAtMs: number;
  /** Set for a resolved alert. */
  endsAtMs: number | null;
  /** What it is in the mix; every kind but `repeat` appends an entry. */
  mix: AlertMix;
}

export interface PlannedNotification {
  group: number;
  /** When to send it, in milliseconds after the storm starts. */
  sendAtMs: number;
  alerts: PlannedAlert[];
}

export type AlertMix = 'new' | 'repeat' | 'resolve' | 'refire';

interface GroupState {
  nextAlert: number;
  firing: Map<string, number>;
  resolved: Map<string, number>;
}

function pickKey(
  map: Map<string, number>,
  random: () => number,
  taken: Set<string>,
): string | null {
  const free = [...map.keys()].filter((key) => !taken.has(key));
  return free.length === 0 ? null : (free[Math.floor(random() * free.length)] ?? null);
}

function chooseMix(config: AlertStormConfig, roll: number): AlertMix {
  if (roll < config.newShare) return 'new';
  if (roll < config.newShare + config.repeatShare) return 'repeat';
  if (roll < config.newShare + config.repeatShare + config.resolveShare) return 'resolve';
  return 'refire';
}

/** One alert of a group's notification; falls back to a new alert when the mix has no candidate. */
function planAlert(
  state: GroupState,
  group: number,
  mix: AlertMix,
  nowMs: number,
  random: () => number,
  taken: Set<string>,
): PlannedAlert {
  const source = mix === 'refire' ? state.resolved : state.firing;
  const id = mix === 'new' ? null : pickKey(source, random, taken);
  if (id === null) {
    const fresh = `g${group}-a${state.nextAlert++}`;
    state.firing.set(fresh, nowMs);
    return { id: fresh, status: 'firing', startsAtMs: nowMs, endsAtMs: null, mix: 'new' };
  }
  const startsAtMs = source.get(id) ?? nowMs;
  if (mix === 'repeat') return { id, status: 'firing', startsAtMs, endsAtMs: null, mix };
  if (mix === 'resolve') {
    state.firing.delete(id);
    state.resolved.set(id, startsAtMs);
    return { id, status: 'resolved', startsAtMs, endsAtMs: nowMs, mix };
  }
  state.resolved.delete(id);
  state.firing.set(id, nowMs);
  return { id, status: 'firing', startsAtMs: nowMs, endsAtMs: null, mix };
}

export function planAlertStorm(config: AlertStormConfig): PlannedNotification[] {
  const random = seededRandom(config.seed);
  const states: GroupState[] = [];
  const notifications: PlannedNotification[] = [];
  // Group g's first notification goes out once this many alerts have been sent.
  const openEvery = config.alerts / 2 / config.groups;
  let sent = 0;
  while (sent < config.alerts) {
    const sendAtMs = (sent * 1000) / config.alertsPerSecond;
    const opening = states.length < config.groups && sent >= states.length * openEvery;
    const group = opening ? states.length : Math.floor(random() * states.length);
    if (opening) states.push({ nextAlert: 0, firing: new Map(), resolved: new Map() });
    const state = states[group] as GroupState;
    const size = Math.min(
      config.alerts - sent,
      1 + Math.floor(random() * config.maxAlertsPerNotification),
    );
    const taken = new Set<string>();
    const alerts: PlannedAlert[] = [];
    for (let index = 0; index < size; index += 1) {
      const mix = opening ? 'new' : chooseMix(config, random());
      const alert = planAlert(state, group, mix, Math.round(sendAtMs), random, taken);
      taken.add(alert.id);
      alerts.push(alert);
    }
    notifications.push({ group, sendAtMs, alerts });
    sent += size;
  }
  return notifications;
}

/** The key of an alert's timeline entry: its state, its id and its time. */
export function entryKey(status: string, id: string, atMs: number): string {
  return `${status}|${id}|${atMs}`;
}

/** Entries each group's room must hold once the notifications `accepted[i]` are in. */
export function expectedEntries(
  plan: readonly PlannedNotification[],
  accepted: readonly boolean[],
): Map<number, Set<string>> {
  const byGroup = new Map<number, Set<string>>();
  plan.forEach((notification, index) => {
    if (!accepted[index]) return;
    const keys = byGroup.get(notification.group) ?? new Set<string>();
    for (const alert of notification.alerts) {
      const at = alert.status === 'resolved' ? (alert.endsAtMs ?? 0) : alert.startsAtMs;
      keys.add(entryKey(alert.status, alert.id, at));
    }
    byGroup.set(notification.group, keys);
  });
  return byGroup;
}

export interface EntryCheck {
  expected: number;
  found: number;
  /** Expected entries not in the room. */
  missing: number;
  /** Entries present more than once (each extra copy counts). */
  doubled: number;
  /** Entries in the room that no accepted alert asked for. */
  unexpected: number;
}

/** Compares the entries a room should hold with the keys read from it. */
export function checkEntries(expected: ReadonlySet<string>, found: readonly string[]): EntryCheck {
  const counts = new Map<string, number>();
  for (const key of found) counts.set(key, (counts.get(key) ?? 0) + 1);
  let missing = 0;
  for (const key of expected) if (!counts.has(key)) missing += 1;
  let doubled = 0;
  let unexpected = 0;
  for (const [key, count] of counts) {
    doubled += count - 1;
    if (!expected.has(key)) unexpected += 1;
  }
  return { expected: expected.size, found: found.length, missing, doubled, unexpected };
}

/** How many alerts of the plan are of each kind (for the docs' "what mix"). */
export function mixCounts(plan: readonly PlannedNotification[]): Record<AlertMix, number> {
  const counts: Record<AlertMix, number> = { new: 0, repeat: 0, resolve: 0, refire: 0 };
  for (const notification of plan) {
    for (const alert of notification.alerts) counts[alert.mix] += 1;
  }
  return counts;
}
