import { describe, expect, it } from 'vitest';
import { renderPostmortemHtml } from '../../../shared/export/render-postmortem-html';
import { splitForPrinting, type SplitOptions } from './split-for-printing';

const small: SplitOptions = { maxChunkBytes: 2_000, minSplitBytes: 500, piecesMultipleOf: 2 };

function postmortem(entries: number, extra = '') {
  const timeline = Array.from({ length: entries }, (_, i) => `- **14:${i}** · note · Entry ${i}`);
  return {
    markdown: `# Postmortem: t\n\n## Timeline (UTC)\n\n${timeline.join('\n')}\n\n## Decisions\n\n_None._\n${extra}`,
    title: 'Postmortem: t',
  };
}

const exported = (pm: { markdown: string; title: string }) =>
  renderPostmortemHtml(pm.markdown, pm.title);
const bodyOf = (html: string) =>
  html.slice(html.indexOf('<main>') + 6, html.lastIndexOf('</main>'));
const texts = (html: string) => [...html.matchAll(/Entry (\d+)/g)].map((m) => Number(m[1]));

describe('splitForPrinting', () => {
  it('renders a small postmortem as one piece: the HTML export, byte for byte', () => {
    expect(splitForPrinting(postmortem(5), small)).toEqual([exported(postmortem(5))]);
    expect(splitForPrinting(postmortem(300))).toEqual([exported(postmortem(300))]);
  });

  it('cuts a long list between items: every entry once, in order, in whole documents', () => {
    const pm = postmortem(400);
    const html = exported(pm);
    const pieces = splitForPrinting(pm, small);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.length % 2).toBe(0);
    expect(pieces.flatMap(texts)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    const head = html.slice(0, html.indexOf('<main>') + 6);
    const tail = html.slice(html.lastIndexOf('</main>'));
    for (const piece of pieces) {
      expect(piece.startsWith(head)).toBe(true);
      expect(piece.endsWith(tail)).toBe(true);
      const body = bodyOf(piece);
      expect(body.match(/<ul>/g)?.length).toBe(body.match(/<\/ul>/g)?.length);
      expect(body.match(/<li>/g)?.length).toBe(body.match(/<\/li>/g)?.length);
    }
  });

  it('puts the same blocks back together when the pieces are joined', () => {
    const pm = postmortem(400);
    const joined = splitForPrinting(pm, small)
      .map((piece) => bodyOf(piece).trim())
      .join('\n')
      .replace(/<\/ul>\n<ul>\n/g, '');
    expect(joined).toBe(bodyOf(exported(pm)).trim());
  });

  it('never ends a piece with a heading', () => {
    const sections = Array.from(
      { length: 120 },
      (_, i) => `## Section ${i}\n\nParagraph ${i} with some words.`,
    ).join('\n\n');
    const pieces = splitForPrinting({ markdown: `# t\n\n${sections}`, title: 't' }, small);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(bodyOf(piece).trim()).not.toMatch(/<\/h[1-6]>$/);
    expect(pieces.at(-1)).toContain('Paragraph 119');
  });

  it('goes on numbering an ordered list and repeats a table header in the next piece', () => {
    const steps = Array.from({ length: 150 }, (_, i) => `${i + 3}. Step ${i + 3}`).join('\n');
    const rows = Array.from({ length: 150 }, (_, i) => `| Row ${i} | x |`).join('\n');
    const markdown = `# t\n\n${steps}\n\n| Action | Owner |\n|---|:-:|\n${rows}\n`;
    const pieces = splitForPrinting({ markdown, title: 't' }, small);
    expect(pieces.length).toBeGreaterThan(2);
    const starts = pieces.flatMap((piece) =>
      [...piece.matchAll(/<ol(?: start="(\d+)")?>\n<li>Step (\d+)/g)].map((m) => [m[1], m[2]]),
    );
    expect(starts.length).toBeGreaterThan(1);
    for (const [start, first] of starts) expect(start).toBe(first);
    const withRows = pieces.filter((piece) => piece.includes('<td>Row '));
    expect(withRows.length).toBeGreaterThan(1);
    for (const piece of withRows) {
      expect(piece).toContain(
        '<thead>\n<tr>\n<th>Action</th>\n<th style="text-align:center">Owner</th>',
      );
      expect(bodyOf(piece).trim()).toMatch(/<\/tbody>\n<\/table>$/);
    }
    const allRows = pieces.flatMap((piece) =>
      [...piece.matchAll(/Row (\d+)/g)].map((m) => Number(m[1])),
    );
    expect(allRows).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('cuts only top-level lists, between their items, and keeps any other block whole', () => {
    const nested = Array.from({ length: 60 }, (_, i) => `  - Nested ${i} with some words`);
    const quoted = Array.from({ length: 60 }, (_, i) => `> Quoted ${i} with some words`);
    const markdown = `# t\n\n- Parent\n${nested.join('\n')}\n- Next\n\n${quoted.join('\n>\n')}\n`;
    const pieces = splitForPrinting({ markdown, title: 't' }, small);
    const holding = (word: string) => pieces.filter((piece) => piece.includes(word));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(holding('Nested ')).toEqual(holding('Parent'));
    expect(holding('Nested ').length).toBe(1);
    expect(holding('Quoted ').length).toBe(1);
    expect(holding('Next')).not.toEqual(holding('Parent'));
  });

  it('resolves a link reference defined in another piece, and keeps text as text', () => {
    const timeline = Array.from(
      { length: 200 },
      (_, i) => `- Entry ${i} <script>alert(${i})</script> per [the runbook][rb]`,
    );
    const markdown = `# t\n\n${timeline.join('\n')}\n\n[rb]: https://runbooks.example/db\n`;
    const pieces = splitForPrinting({ markdown, title: 't' }, small);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece).not.toContain('<script>');
      expect(piece.match(/&lt;script&gt;/g)?.length).toBe(texts(piece).length);
      expect(piece.match(/<a href="https:\/\/runbooks.example\/db">/g)?.length).toBe(
        texts(piece).length,
      );
    }
  });
});
