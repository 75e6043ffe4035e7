import { describe, expect, it } from 'vitest';
import { renderPostmortemHtml } from '../../../shared/export/render-postmortem-html';
import { splitForPrinting, type SplitOptions } from './split-for-printing';

const small: SplitOptions = { maxChunkBytes: 2_000, minSplitBytes: 500, piecesMultipleOf: 2 };

function postmortem(entries: number, extra = ''): string {
  const timeline = Array.from({ length: entries }, (_, i) => `- **14:${i}** · note · Entry ${i}`);
  return renderPostmortemHtml(
    `# Postmortem: t\n\n## Timeline (UTC)\n\n${timeline.join('\n')}\n\n## Decisions\n\n_None._\n${extra}`,
    'Postmortem: t',
  );
}

const bodyOf = (html: string) =>
  html.slice(html.indexOf('<main>') + 6, html.lastIndexOf('</main>'));
const texts = (html: string) => [...html.matchAll(/Entry (\d+)/g)].map((m) => Number(m[1]));

describe('splitForPrinting', () => {
  it('leaves a small postmortem whole, byte for byte', () => {
    const html = postmortem(5);
    expect(splitForPrinting(html, small)).toEqual([html]);
    expect(splitForPrinting(postmortem(300))).toEqual([postmortem(300)]);
  });

  it('cuts a long list between items: every entry once, in order, in whole documents', () => {
    const html = postmortem(400);
    const pieces = splitForPrinting(html, small);
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
    const html = postmortem(400);
    const joined = splitForPrinting(html, small)
      .map((piece) => bodyOf(piece).trim())
      .join('\n')
      .replace(/<\/ul>\n<ul>\n/g, '');
    expect(joined).toBe(bodyOf(html).trim());
  });

  it('never ends a piece with a heading', () => {
    const sections = Array.from(
      { length: 120 },
      (_, i) => `## Section ${i}\n\nParagraph ${i} with some words.`,
    ).join('\n\n');
    const pieces = splitForPrinting(renderPostmortemHtml(`# t\n\n${sections}`, 't'), small);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(bodyOf(piece).trim()).not.toMatch(/<\/h[1-6]>$/);
    expect(pieces.at(-1)).toContain('Paragraph 119');
  });

  it('goes on numbering an ordered list and repeats a table header in the next piece', () => {
    const steps = Array.from({ length: 150 }, (_, i) => `${i + 3}. Step ${i + 3}`).join('\n');
    const rows = Array.from({ length: 150 }, (_, i) => `| Row ${i} | x |`).join('\n');
    const html = renderPostmortemHtml(
      `# t\n\n${steps}\n\n| Action | Owner |\n|---|---|\n${rows}\n`,
      't',
    );
    const pieces = splitForPrinting(html, small);
    expect(pieces.length).toBeGreaterThan(2);
    const starts = pieces.flatMap((piece) =>
      [...piece.matchAll(/<ol(?: start="(\d+)")?>\n<li>Step (\d+)/g)].map((m) => [m[1], m[2]]),
    );
    for (const [start, first] of starts.slice(1)) expect(start).toBe(first);
    expect(starts[0]).toEqual(['3', '3']);
    const withRows = pieces.filter((piece) => piece.includes('<td>Row '));
    expect(withRows.length).toBeGreaterThan(1);
    for (const piece of withRows) expect(piece).toContain('<thead>\n<tr>\n<th>Action</th>');
    const allRows = pieces.flatMap((piece) =>
      [...piece.matchAll(/Row (\d+)/g)].map((m) => Number(m[1])),
    );
    expect(allRows).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('prints whole what it does not recognize', () => {
    const long = 'x'.repeat(5_000);
    const noMain = `<!doctype html><body><p>${long}</p></body>`;
    expect(splitForPrinting(noMain, small)).toEqual([noMain]);
    const stray = `<html><body><main>\ntext outside a block ${long}\n<p>a</p>\n</main></body></html>`;
    expect(splitForPrinting(stray, small)).toEqual([stray]);
    const unbalanced = `<html><body><main>\n<div><p>${long}</div>\n<p>b</p>\n</main></body></html>`;
    expect(splitForPrinting(unbalanced, small)).toEqual([unbalanced]);
  });
});
