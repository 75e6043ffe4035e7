import MarkdownIt, { type Token } from 'markdown-it';

/** markdown-it's block and inline tokens, as the parser makes them and the renderer takes them. */
export type MarkdownToken = Token;

/**
 * The HTML export: the same Markdown as the .md export, rendered with raw HTML disabled (so any
 * "<script>" in the text stays text), link validation on (no javascript:/vbscript:/data: links),
 * no auto-linking, and a Content-Security-Policy that forbids scripts, remote loads and forms even
 * if something slipped through. The stylesheet prints cleanly on A4/Letter.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

export function renderPostmortemHtml(markdownText: string, title: string): string {
  return postmortemHtmlDocument(markdown.render(markdownText), title);
}

/** The postmortem's Markdown parsed as the HTML export parses it, for rendering in parts. */
export interface ParsedPostmortem {
  readonly tokens: readonly MarkdownToken[];
  /** markdown-it's per-document state (link references): the renderer is given it back. */
  readonly env: object;
}

export function parsePostmortemMarkdown(markdownText: string): ParsedPostmortem {
  const env = {};
  return { tokens: markdown.parse(markdownText, env), env };
}

/**
 * The body HTML of `tokens`, which are a parsed postmortem's tokens or a run of whole blocks
 * taken from them: with all of a parse's tokens, exactly what renderPostmortemHtml puts in <main>.
 */
export function renderPostmortemTokens(tokens: readonly MarkdownToken[], env: object): string {
  return markdown.renderer.render([...tokens], markdown.options, env);
}

/** The standalone document around a body of rendered HTML (the export's <head>, stylesheet, <main>). */
export function postmortemHtmlDocument(body: string, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLESHEET = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0; }
main { max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9em; }
ul, ol { padding-left: 1.4rem; }
li { margin: .15rem 0; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2rem 0 1rem; }
p, li, td { overflow-wrap: anywhere; }
@page { size: auto; margin: 18mm 16mm; }
@media print {
  body { font-size: 10.5pt; color: #000; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  /* A top-level list's bullet is a background, not a list marker: a marker is a layout box of
     its own beside every item, a third of the renderer's time printing a 10,000-entry timeline,
     and a vector disc per item in the PDF. Same place and look; not text, as a disc never was. */
  main > ul { padding-left: 0; }
  main > ul > li {
    list-style: none;
    padding-left: 1.4rem;
    background: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 2 2'%3E%3Ccircle cx='1' cy='1' r='1'/%3E%3C/svg%3E") no-repeat .55rem .62em / .32em .32em;
    print-color-adjust: exact;
    -webkit-print-color-adjust: exact;
  }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;
