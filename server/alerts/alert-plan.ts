import { roomRoots } from '../../shared/doc/roots';
import { isDeclared } from '../../shared/ops/room-guard';
import type { RelayContext } from '../relay-context';
import { routeAlert, type RoutingDecision } from './alert-routing';
import type { NormalizedAlert } from './normalized-alert';

/** What one request will write into one room (a room it finds, or one it opens). */
export interface GroupPlan {
  readonly dedupeKey: string;
  /** The room this source's dedupe key already has, if any. */
  readonly roomId: string | undefined;
  /** The routing that declares the room when it is not declared yet. */
  readonly opening: RoutingDecision | null;
  readonly alerts: readonly NormalizedAlert[];
}

export interface UnroutedPlan {
  readonly alert: NormalizedAlert;
  readonly reason: string;
}

type RoomState = 'none' | 'undeclared' | 'open' | 'resolved';

interface Routed {
  readonly alert: NormalizedAlert;
  readonly decision: RoutingDecision;
}

/**
 * Decides, without writing anything, where each new alert goes. Per group (dedupe key): a group
 * without a declared room is opened only by an alert that is not a resolve and whose rule opens
 * rooms (a resolve for a group with no room is news of nothing); an `attach` rule only appends
 * to a room that is open; everything else is unrouted, with the reason.
 */
export async function planAlerts(
  context: RelayContext,
  sourceId: string,
  alerts: readonly NormalizedAlert[],
): Promise<{ plans: GroupPlan[]; unrouted: UnroutedPlan[] }> {
  const unrouted: UnroutedPlan[] = [];
  const byGroup = new Map<string, Routed[]>();
  for (const alert of alerts) {
    const decision = routeAlert(context.alerts.sources.rules, sourceId, alert);
    if (decision === null) unrouted.push({ alert, reason: 'no routing rule matches' });
    else
      byGroup.set(alert.dedupeKey, [...(byGroup.get(alert.dedupeKey) ?? []), { alert, decision }]);
  }
  const plans: GroupPlan[] = [];
  for (const [dedupeKey, routed] of byGroup) {
    const roomId = await context.alerts.store.findRoom(sourceId, dedupeKey);
    const state = await roomState(context, roomId);
    const opening =
      routed.find(
        ({ alert, decision }) => decision.rule.action === 'open' && alert.status !== 'resolved',
      )?.decision ?? null;
    const taken: NormalizedAlert[] = [];
    for (const { alert, decision } of routed) {
      const reason = refusalOf(state, opening, alert, decision);
      if (reason === null) taken.push(alert);
      else unrouted.push({ alert, reason });
    }
    if (taken.length > 0) plans.push({ dedupeKey, roomId, opening, alerts: taken });
  }
  return { plans, unrouted };
}

/** Why this alert does not go into its group's room, or null when it does. */
function refusalOf(
  state: RoomState,
  opening: RoutingDecision | null,
  alert: NormalizedAlert,
  { rule }: RoutingDecision,
): string | null {
  if (rule.action === 'attach' && state !== 'open') {
    return `rule "${rule.name}" only attaches, and no room is open`;
  }
  if ((state === 'none' || state === 'undeclared') && opening === null) {
    return alert.status === 'resolved'
      ? 'a resolve for a group that has no room'
      : `rule "${rule.name}" only attaches, and no room is open`;
  }
  return null;
}

async function roomState(context: RelayContext, roomId: string | undefined): Promise<RoomState> {
  if (roomId === undefined) return 'none';
  const room = await context.registry.acquire(roomId);
  try {
    const roots = roomRoots(room.doc);
    if (!isDeclared(roots)) return 'undeclared';
    const phase = roots.meta.get('phase') as { name?: unknown } | undefined;
    return phase?.name === 'resolved' ? 'resolved' : 'open';
  } finally {
    context.registry.release(room);
  }
}
