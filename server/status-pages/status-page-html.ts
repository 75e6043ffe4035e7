import type { ComponentState, IncidentView, StatusPageView } from './status-page-view';

/** Escapes text for HTML and XML alike (element content and quoted attributes). */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STATE_LABEL: Record<ComponentState, string> = {
  'major-outage': 'Major outage',
  'partial-outage': 'Partial outage',
  'degraded-performance': 'Degraded performance',
  operational: 'Operational',
};

// Colours meet contrast in both schemes; the page works without scripts (none is sent, and the
// route's Content-Security-Policy allows none).
const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3;
  --line: #30363d; --ok: #3fb950; --warn: #d29922; --bad: #f85149; } }
body { background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif;
  max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
.muted, time { color: var(--muted); } ul { list-style: none; padding: 0; }
li.component { display: flex; justify-content: space-between; border-bottom: 1px solid var(--line);
  padding: .5rem 0; }
.operational { color: var(--ok); } .degraded-performance, .partial-outage { color: var(--warn); }
.major-outage { color: var(--bad); } article { border-top: 1px solid var(--line); padding: .5rem 0; }
.update p { white-space: pre-wrap; margin: .25rem 0 .75rem; }`;

/** `GET /status/<page>`: the whole page as HTML, every text from rooms and the file escaped. */
export function renderStatusPageHtml(view: StatusPageView, lastModified: Date): string {
  const { page } = view;
  const components = view.components
    .map(
      (c) =>
        `<li class="component"><span>${escapeMarkup(c.name)}</span><span class="${c.status}">${STATE_LABEL[c.status]}</span></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(page.title)}</title><style>${STYLE}</style>
<link rel="alternate" type="application/atom+xml" href="${escapeMarkup(`${page.id}.atom`)}"></head>
<body><header><h1>${escapeMarkup(page.title)}</h1>
${page.description ? `<p class="muted">${escapeMarkup(page.description)}</p>` : ''}
<p class="${view.status}"><strong>${view.status === 'operational' ? 'All systems operational' : STATE_LABEL[view.status]}</strong></p></header>
<section><h2>Components</h2><ul>${components}</ul></section>
<section><h2>Current incidents</h2>${incidentsHtml(view.openIncidents, view, 'No current incidents.')}</section>
<section><h2>Recently resolved</h2>${incidentsHtml(view.recentIncidents, view, 'No incidents resolved in the last 7 days.')}</section>
<footer class="muted">Updated <time datetime="${lastModified.toISOString()}">${lastModified.toUTCString()}</time></footer>
</body></html>
`;
}

function incidentsHtml(
  incidents: readonly IncidentView[],
  view: StatusPageView,
  none: string,
): string {
  if (incidents.length === 0) return `<p class="muted">${none}</p>`;
  const names = new Map(view.components.map((c) => [c.id, c.name]));
  return incidents
    .map((incident) => {
      const affected = incident.components.map((id) => names.get(id) ?? id).join(', ');
      const updates = incident.updates
        .map(
          (update) =>
            `<div class="update"><strong>${capitalize(update.phase)}</strong> <time datetime="${escapeMarkup(update.publishedAt)}">${escapeMarkup(update.publishedAt)}</time><p>${escapeMarkup(update.text)}</p></div>`,
        )
        .join('');
      return `<article><h3>${escapeMarkup(incident.title)}</h3>
${affected ? `<p class="muted">Affects: ${escapeMarkup(affected)}</p>` : ''}${updates || '<p class="muted">No update published yet.</p>'}</article>`;
    })
    .join('\n');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
