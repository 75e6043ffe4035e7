import { escapeMarkup } from './status-page-html';
import type { StatusPageView } from './status-page-view';

/**
 * `GET /status/<page>.atom` (RFC 4287): one entry per published update of the incidents the page
 * shows, newest first. Entry ids are the updates' own ids, so a reader never sees one twice.
 */
export function renderStatusPageAtom(view: StatusPageView, lastModified: Date): string {
  const { page } = view;
  const entries = [...view.openIncidents, ...view.recentIncidents]
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => b.update.publishedAt.localeCompare(a.update.publishedAt))
    .map(
      ({ incident, update }) => `  <entry>
    <id>urn:uuid:${escapeMarkup(update.id)}</id>
    <title>${escapeMarkup(`${incident.title}: ${update.phase}`)}</title>
    <updated>${escapeMarkup(update.publishedAt)}</updated>
    <content type="text">${escapeMarkup(update.text)}</content>
  </entry>`,
    )
    .join('\n');
  const link = page.url ? `\n  <link rel="alternate" href="${escapeMarkup(page.url)}"/>` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:incident-room:status-page:${escapeMarkup(page.id)}</id>
  <title>${escapeMarkup(page.title)}</title>
  <updated>${lastModified.toISOString()}</updated>
  <author><name>${escapeMarkup(page.title)}</name></author>${link}
${entries}
</feed>
`;
}
