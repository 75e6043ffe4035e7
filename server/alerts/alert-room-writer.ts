import type * as Y from 'yjs';
import { LIMITS } from '../../shared/doc/limits';
import { roomRoots } from '../../shared/doc/roots';
import { declareIncident, pageRoles, setLink, type OperationContext } from '../../shared/ops';
import { prepareSetMilestone } from '../../shared/ops/milestones';
import { isDeclared } from '../../shared/ops/room-guard';
import { prepareLogEntry } from '../../shared/ops/timeline';
import { toIso } from '../../shared/util/time';
import { AlertDeliveriesOrigin } from '../storage/alert-deliveries-origin';
import { alertEntryText, roomTitle, routingEntryText } from './alert-entry-text';
import type { RoutingDecision } from './alert-routing';
import type { NormalizedAlert } from './normalized-alert';

/** What one request writes into one room. */
export interface RoomAlertWrite {
  readonly sourceId: string;
  /** The routing of the alert that opens the room; used only when the room is not declared. */
  readonly opening: RoutingDecision | null;
  /** New notifications for this room, in the order sent (retries already removed). */
  readonly alerts: readonly NormalizedAlert[];
}

/**
 * Writes a request's alerts into a room through the shared operations, the app's own code, in
 * one transaction (one update, one durable write). A room not yet declared (new, or left
 * undeclared by a crash right after it was created) is declared first, as a person declaring it
 * in the app would. Every alert, firing or resolved, becomes an `alert` entry at the alert's own
 * time; the first sets `detected` when the room has none, and the first acknowledgement
 * `acknowledged`. Nothing here resolves the incident.
 */
export function writeAlertsToRoom(doc: Y.Doc, ctx: OperationContext, write: RoomAlertWrite): void {
  const now = ctx.now();
  const origin = new AlertDeliveriesOrigin(
    write.alerts.map((alert) => ({ sourceId: write.sourceId, deliveryId: alert.deliveryId })),
  );
  const first = write.alerts[0];
  if (first === undefined) return;
  doc.transact(() => {
    const roots = roomRoots(doc);
    if (!isDeclared(roots) && write.opening !== null) {
      declareRoom(doc, ctx, write.sourceId, write.opening, first);
    }
    if (!roots.milestones.has('detected')) {
      prepareSetMilestone(doc, ctx, { name: 'detected', at: eventTimeIso(first, now) })?.();
    }
    // A sender's acknowledgement (PagerDuty's) is when a person took the page: TTA reads it.
    const acknowledged = write.alerts.find((alert) => alert.status === 'acknowledged');
    if (acknowledged && !roots.milestones.has('acknowledged')) {
      prepareSetMilestone(doc, ctx, {
        name: 'acknowledged',
        at: eventTimeIso(acknowledged, now),
      })?.();
    }
    for (const alert of write.alerts) {
      prepareLogEntry(doc, ctx, {
        text: alertEntryText(alert),
        kind: 'alert',
        at: eventTimeIso(alert, now),
      })();
    }
  }, origin);
}

function declareRoom(
  doc: Y.Doc,
  ctx: OperationContext,
  sourceId: string,
  { rule, severity }: RoutingDecision,
  first: NormalizedAlert,
): void {
  const service = rule.service ?? first.labels.service;
  declareIncident(doc, ctx, {
    title: roomTitle(first),
    severity,
    ...(rule.incidentType ? { incidentType: rule.incidentType } : {}),
    ...(service ? { service: service.slice(0, LIMITS.shortFieldChars) } : {}),
  });
  if (rule.runbook) setLink(doc, ctx, { key: 'runbook', url: rule.runbook });
  prepareLogEntry(doc, ctx, { text: routingEntryText(sourceId, rule), kind: 'note' })();
  // Apps whose person has a paged role as their usual role say so; see pageRoles.
  if (rule.page?.length) pageRoles(doc, ctx, { roles: rule.page, reason: `rule "${rule.name}"` });
}

/**
 * The alert's own time. A sender whose clock runs ahead of the relay's by more than the
 * operations allow would have its alert refused as "in the future"; its entry is put at the
 * receive time instead, so the alert is never lost for a clock.
 */
function eventTimeIso(alert: NormalizedAlert, now: number): string {
  const latest = now + LIMITS.futureToleranceMs;
  return toIso(
    Number.isFinite(alert.eventTime) && alert.eventTime <= latest ? alert.eventTime : now,
  );
}
