import type { OutboundEvent } from './outbound-event';
import type { EmailTarget } from './outbound-file';
import { roomLink } from './room-link';
import { headline } from './slack-message';

/** One email for one event: who gets it, and what it says. */
export interface EmailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  /** Plain text: the management summary, then a published update's text exactly as approved. */
  readonly text: string;
  /**
   * `<event-id@domain of from>`: the same on every try, so a mail resent after a crash is
   * recognisable as the same message (and folded by clients that thread on it).
   */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Dates in the summary: UTC, to the minute, as incident practice writes them. */
function utc(iso: string | null): string | null {
  return iso === null ? null : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The line that separates the summary from the approved text (so a reader sees where it starts). */
export const APPROVED_TEXT_HEADING = 'The update, as approved and published:';

/**
 * The mail for an event, or null when the target has nobody for the room's severity (the file
 * check refuses routes that could lead there; a room without a severity can). The subject
 * leads with the severity and title; the body is a management summary (what happened, severity,
 * phase, service and affected components, impact start, when the next update is due by the
 * room's cadence, the link back) and, for a published update, its text byte for byte.
 */
export function emailMessage(
  event: OutboundEvent,
  target: EmailTarget,
  roomUrl: string | null,
): EmailMessage | null {
  const severity = event.room.severity;
  const to = severity === null ? undefined : target.to[severity];
  if (!to || to.length === 0) return null;
  const title = event.room.title ?? event.room.id;
  const what = headline(event.data);
  const briefing = event.briefing;
  const summary: [string, string | null][] = [
    ['What happened', what],
    ['Incident', title],
    ['Severity', severity],
    ['Phase', event.room.phase],
    ['Service', briefing?.service ?? null],
    [
      'Affected',
      briefing && briefing.components.length > 0 ? briefing.components.join(', ') : null,
    ],
    ['Impact since', utc(briefing?.impactStartedAt ?? null)],
    ['Next update due', utc(briefing?.nextUpdateAt ?? null)],
    ['Incident room', roomLink(roomUrl, event.room.id)],
  ];
  const lines = summary.flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}`]));
  const published = event.data.type === 'status-update.published' ? event.data.text : null;
  const text =
    published === null
      ? `${lines.join('\n')}\n`
      : `${lines.join('\n')}\n\n${APPROVED_TEXT_HEADING}\n\n${published}\n`;
  return {
    to,
    subject: `[${severity}] ${title}: ${what}`,
    text,
    messageId: `<${event.id}@${domainOf(target.from)}>`,
    headers: { 'X-Incident-Room-Event': event.data.type },
  };
}

/** `Name <someone@example.com>` or `someone@example.com` → `example.com` (checked by the file). */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim();
}
