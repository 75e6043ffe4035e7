/**
 * The alert sender, in its own process: it rebuilds the storm from its seed, writes every body
 * before the clock starts, then sends open loop: notification i leaves at its planned time
 * whether or not earlier ones were answered (Alertmanager does not wait for the relay), on a
 * `node:http` keep-alive pool. The same schedule can go to the alert hook (Alertmanager-shaped
 * notifications) or, as the peer, to the events API (a batch of as many events per request, into
 * rooms the warm-up opened, with the team key).
 */
import { performance } from 'node:perf_hooks';
import { roomEventsPath } from '../../shared/protocol/relay-http';
import { alertmanagerPayload, type TestAlert } from '../../server/testing/alert-payloads';
import {
  planAlertStorm,
  type AlertStormConfig,
  type PlannedNotification,
} from '../lib/alert-storm-plan';
import { serveRequests, sleep } from '../lib/child';
import { jsonPoster } from '../lib/json-poster';

export type AlertsTarget =
  | { kind: 'hook'; sourceId: string; token: string; alertname: string }
  | { kind: 'events'; teamKey: string; roomByGroup: Record<number, string> };

export interface AlertsSendRequest {
  type: 'send';
  relayUrl: string;
  target: AlertsTarget;
  storm: AlertStormConfig;
  /** Epoch milliseconds the plan's alert times count from (in the past: alert times are). */
  timeBaseMs: number;
  /** Sockets the pool may open; more requests than this wait in the pool (and that counts). */
  connections: number;
}

export interface AlertsSendResult {
  /** Per notification, in plan order: the answer's status (0: no answer, the socket failed). */
  statuses: number[];
  /** Per notification: sent → answered, milliseconds. */
  latenciesMs: number[];
  /** Per notification: how late the sender sent it after its planned time, milliseconds. */
  lagMs: number[];
  /** The room each group's answers named (hook target only). */
  roomByGroup: Record<number, string>;
  /** Summed from the hook's answers. */
  duplicates: number;
  unrouted: number;
  firstRefusal: string | null;
  /** First planned send → last answer. */
  elapsedMs: number;
  /** CPU time (user + system) of this process while sending. */
  loadCpuMs: number;
}

interface HookAnswer {
  rooms?: { id: string }[];
  duplicates?: number;
  unrouted?: number;
}

function hookBody(
  notification: PlannedNotification,
  alertname: string,
  timeBaseMs: number,
): string {
  const iso = (ms: number) => new Date(timeBaseMs + ms).toISOString();
  const group = notification.group;
  const alerts: TestAlert[] = notification.alerts.map((alert) => ({
    status: alert.status,
    startsAt: iso(alert.startsAtMs),
    ...(alert.endsAtMs !== null ? { endsAt: iso(alert.endsAtMs) } : {}),
    fingerprint: alert.id,
    labels: { alert_id: alert.id, instance: `node-${alert.id}:9100` },
  }));
  return JSON.stringify(
    alertmanagerPayload({
      groupLabels: { alertname, service: `svc-${group}` },
      commonLabels: { severity: group % 4 === 0 ? 'critical' : 'warning', team: 'payments' },
      alerts,
    }),
  );
}

function eventsBody(notification: PlannedNotification): string {
  return JSON.stringify(
    notification.alerts.map((alert) => ({
      text: `[${alert.status.toUpperCase()}] ${alert.id}: p99 latency above 500 ms on svc-${notification.group}`,
      kind: 'observation',
      author: 'alert-bridge',
    })),
  );
}

function requestOf(request: AlertsSendRequest, notification: PlannedNotification) {
  const { target } = request;
  if (target.kind === 'hook') {
    return {
      url: `${request.relayUrl}/hooks/${target.sourceId}`,
      body: hookBody(notification, target.alertname, request.timeBaseMs),
    };
  }
  const roomId = target.roomByGroup[notification.group];
  if (roomId === undefined) throw new Error(`no events room for group ${notification.group}`);
  return { url: `${request.relayUrl}${roomEventsPath(roomId)}`, body: eventsBody(notification) };
}

async function send(request: AlertsSendRequest): Promise<AlertsSendResult> {
  const plan = planAlertStorm(request.storm);
  const prepared = plan.map((notification) => requestOf(request, notification));
  const token = request.target.kind === 'hook' ? request.target.token : request.target.teamKey;
  const poster = jsonPoster(
    'node-http',
    request.relayUrl,
    { authorization: `Bearer ${token}` },
    request.connections,
  );
  const result: AlertsSendResult = {
    statuses: plan.map(() => 0),
    latenciesMs: plan.map(() => Number.NaN),
    lagMs: plan.map(() => Number.NaN),
    roomByGroup: {},
    duplicates: 0,
    unrouted: 0,
    firstRefusal: null,
    elapsedMs: 0,
    loadCpuMs: 0,
  };
  const expectOk = request.target.kind === 'hook' ? 200 : 201;

  async function fire(index: number, plannedAt: number): Promise<void> {
    const { url, body } = prepared[index]!;
    const sent = performance.now();
    result.lagMs[index] = sent - plannedAt;
    try {
      const answer = await poster.post(body, url);
      result.latenciesMs[index] = performance.now() - sent;
      result.statuses[index] = answer.status;
      if (answer.status !== expectOk) {
        result.firstRefusal ??= `${answer.status} ${answer.text.slice(0, 300)}`;
      } else if (request.target.kind === 'hook') {
        const parsed = JSON.parse(answer.text) as HookAnswer;
        result.duplicates += parsed.duplicates ?? 0;
        result.unrouted += parsed.unrouted ?? 0;
        const roomId = parsed.rooms?.[0]?.id;
        if (roomId !== undefined) result.roomByGroup[plan[index]!.group] = roomId;
      }
    } catch (error) {
      result.latenciesMs[index] = performance.now() - sent;
      result.firstRefusal ??= `network: ${String(error)}`;
    }
  }

  const cpuBefore = process.cpuUsage();
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < plan.length) {
    const now = performance.now();
    // Everything due is sent now, however late the timer woke: the rate is kept, the lag noted.
    while (next < plan.length && start + plan[next]!.sendAtMs <= now) {
      inFlight.push(fire(next, start + plan[next]!.sendAtMs));
      next += 1;
    }
    if (next < plan.length)
      await sleep(Math.max(0, start + plan[next]!.sendAtMs - performance.now()));
  }
  await Promise.all(inFlight);
  result.elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  result.loadCpuMs = (cpu.user + cpu.system) / 1000;
  poster.close();
  return result;
}

serveRequests(async (body) => {
  const request = body as AlertsSendRequest;
  return send(request);
});
