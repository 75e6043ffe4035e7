import { ROLE_TITLES } from '../../shared/doc/enums';
import type { OutboundEvent, OutboundEventData } from './outbound-event';
import { IDEMPOTENCY_HEADER, type OutboundRequest } from './webhook-request';
import { roomLink } from './room-link';

/** Slack's limits for a header block's text and a section's text (Block Kit reference). */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/** Slack reads `&`, `<` and `>` in mrkdwn as markup (`<!channel>` pings everyone). */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts at a code point, never inside a surrogate pair. */
function cut(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const char of text) {
    if (current.length + char.length > max) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '' || parts.length === 0) parts.push(current);
  return parts;
}

/** What happened, in a few words: a Slack message's section and an email's subject. */
export function headline(data: OutboundEventData): string {
  switch (data.type) {
    case 'room.declared':
      return 'Incident declared';
    case 'severity.changed':
      return `Severity changed: ${data.from ?? 'none'} → ${data.to ?? 'none'}`;
    case 'role.handed-over':
      return `${ROLE_TITLES[data.role]}: ${data.to?.name ?? 'nobody'} (was ${data.from?.name ?? 'nobody'})`;
    case 'status-update.published':
      return `Status update (${data.phase})`;
    case 'incident.resolved':
      return 'Incident resolved';
    case 'follow-up.created': // goes to trackers only; named for completeness
      return `Follow-up: ${data.title}`;
  }
}

/**
 * A Slack incoming-webhook message: `text` as the notification's fallback, and blocks: a header
 * with the room's title, a section with what happened, the severity and phase as fields, a
 * published update's text exactly as approved (in `plain_text` sections, which Slack shows
 * without reading markup, so no byte of it is escaped or changed; cut into 3000-character
 * sections only if longer), and a context line with the link back to the room.
 */
export function slackMessage(event: OutboundEvent, roomUrl: string | null): string {
  const title = event.room.title ?? event.room.id;
  const what = headline(event.data);
  const link = roomLink(roomUrl, event.room.id);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, HEADER_MAX)[0] } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(what)}*` },
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${event.room.severity ?? 'none'}` },
        { type: 'mrkdwn', text: `*Phase*\n${event.room.phase ?? 'none'}` },
      ],
    },
  ];
  if (event.data.type === 'status-update.published') {
    for (const part of cut(event.data.text, SECTION_MAX)) {
      blocks.push({ type: 'section', text: { type: 'plain_text', text: part, emoji: false } });
    }
  }
  if (link !== null) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${escapeMrkdwn(link)}|Open the incident room>` }],
    });
  }
  // The fallback `text` is read as mrkdwn too (a title of `<!channel>` would ping everyone).
  return JSON.stringify({ text: escapeMrkdwn(`${title}: ${what}`), blocks });
}

/** The request for a slack target: Slack signs nothing; the URL is the secret. */
export function slackRequest(event: OutboundEvent, roomUrl: string | null): OutboundRequest {
  return {
    body: slackMessage(event, roomUrl),
    headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: event.id },
  };
}
