import type { OutboundEvent } from './outbound-event';
import type { OutboundConfig, OutboundTarget } from './outbound-file';
import { isTrackerKind } from './trackers/tracker-config';

/**
 * The targets an event goes to: every route that names its type and whose filters (severity,
 * status page) the room meets at the time of the event, each target once, in the file's order.
 */
export function targetsFor(event: OutboundEvent, config: OutboundConfig): OutboundTarget[] {
  if (event.data.type === 'follow-up.created') {
    // A follow-up names its tracker target; routes never carry it (see outbound-file.ts).
    const target = config.targets.get(event.data.targetId);
    return target && isTrackerKind(target.kind) ? [target] : [];
  }
  const chosen = new Map<string, OutboundTarget>();
  for (const route of config.routes) {
    if (!route.events.has(event.data.type)) continue;
    const { severity, statusPage } = event.room;
    if (route.severities && (severity === null || !route.severities.has(severity))) continue;
    if (route.statusPages && (statusPage === null || !route.statusPages.has(statusPage))) continue;
    for (const id of route.targets) {
      const target = config.targets.get(id);
      if (target && !chosen.has(id)) chosen.set(id, target);
    }
  }
  return [...chosen.values()];
}
