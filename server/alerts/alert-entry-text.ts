import { LIMITS } from '../../shared/doc/limits';
import type { RouteRule } from './alert-routing';
import type { NormalizedAlert } from './normalized-alert';

/**
 * The words an alert leaves on the timeline. The timeline shows an entry's text, so everything
 * the responder needs from the alert is in it: state and title, description, labels, annotations
 * and the sender's links (generator, dashboard, runbook), one kind of thing a line.
 */
export function alertEntryText(alert: NormalizedAlert): string {
  const lines = [`[${alert.status.toUpperCase()}] ${oneLine(alert.title)}`];
  if (alert.description) lines.push(oneLine(alert.description));
  const labels = pairs(alert.labels);
  if (labels) lines.push(`Labels: ${labels}`);
  const annotations = pairs(
    Object.fromEntries(
      Object.entries(alert.annotations).filter(
        ([name]) => !['summary', 'description', 'runbook_url'].includes(name),
      ),
    ),
  );
  if (annotations) lines.push(`Annotations: ${annotations}`);
  for (const link of alert.links) lines.push(`${capitalize(link.label)}: ${link.url}`);
  return fit(lines.join('\n'), LIMITS.entryTextChars);
}

/** What the rule that opened the room asks of it: recorded once, when the room opens. */
export function routingEntryText(sourceId: string, rule: RouteRule): string {
  const parts = [`Opened by alert source ${sourceId}, rule "${rule.name}"`];
  if (rule.team) parts.push(`team: ${rule.team}`);
  if (rule.checklist) parts.push(`checklist: ${rule.checklist}`);
  if (rule.runbook) parts.push(`runbook: ${rule.runbook}`);
  return fit(parts.join('\n'), LIMITS.entryTextChars);
}

/** A room title from the alert's: one line, within the title limit. */
export function roomTitle(alert: NormalizedAlert): string {
  return fit(oneLine(alert.title), LIMITS.titleChars) || 'Alert';
}

function pairs(map: Readonly<Record<string, string>>): string {
  return Object.entries(map)
    .map(([name, value]) => `${name}=${oneLine(value)}`)
    .join(', ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Cut to `max` characters with an ellipsis: an entry over the limit would be refused whole. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
