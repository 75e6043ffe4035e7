/**
 * A long postmortem printed in pieces by the system Chromium and joined: poppler's pdftotext must
 * read every entry once and in order across the seams, and the joined file must keep the title
 * and every piece's pages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredTestRoom } from '../../../shared/fixtures';
import { logEntry } from '../../../shared/ops/timeline';
import type { TemplateCatalog } from '../../../shared/templates/template-catalog';
import { loadTemplates } from '../templates/load-templates';
import { exportRoom } from './export-room';
import { printInChunks } from './print-in-chunks';
import { openChromiumPrinter, type PdfPrinter } from './render-pdf';

const ENTRIES = 2_500;
const dir = mkdtempSync(join(tmpdir(), 'ir-pdf-pieces-'));
let printer: PdfPrinter;
let catalog: TemplateCatalog;

beforeAll(async () => {
  // As root (CI), vitest.config.ts opts out of Chromium's sandbox, which Chromium requires there.
  printer = await openChromiumPrinter();
  catalog = (await loadTemplates()).catalog;
});

afterAll(async () => {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

function bigRoom() {
  const room = declaredTestRoom();
  for (let i = 0; i < ENTRIES; i += 1) {
    room.clock.advanceMinutes(0.05);
    logEntry(room.doc, i % 2 === 0 ? room.ops : room.scribe, {
      text: `Entry ${i}: replica lag ${i % 31} s on orders-db`,
      kind: 'observation',
    });
  }
  return room;
}

function pdfFile(name: string, pdf: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return path;
}

const pdfInfo = (path: string) => execFileSync('pdfinfo', [path], { encoding: 'utf8' });
const pageCount = (path: string) => Number(/^Pages:\s+(\d+)/m.exec(pdfInfo(path))?.[1]);
/** The entry numbers in the order pdftotext reads them (lines wrap anywhere: white space folded). */
const entriesRead = (path: string) =>
  [
    ...execFileSync('pdftotext', [path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .replace(/\s+/g, ' ')
      .matchAll(/Entry (\d+):/g),
  ].map((match) => Number(match[1]));

/** Prints with the shared printer and keeps each piece's PDF, as the desktop's printToPDF would. */
function recordingPrinter() {
  const pieces: Uint8Array[] = [];
  const print = async (html: string) => {
    const pdf = await printer.print(html);
    pieces.push(pdf);
    return pdf;
  };
  return { pieces, print };
}

describe('printing a long postmortem in pieces', () => {
  it('exports a big room through an injected printer as one PDF: every entry once, in order, all pages, its title', async () => {
    const room = bigRoom();
    const { pieces, print } = recordingPrinter();
    const out = await exportRoom(room.doc, {
      format: 'pdf',
      catalog,
      generatedAt: new Date('2026-03-24T06:00:00Z'),
      printPdf: print,
    });
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    const path = pdfFile('joined.pdf', out.data as Uint8Array);
    expect(entriesRead(path)).toEqual(Array.from({ length: ENTRIES }, (_, i) => i));
    // No page numbers are printed (no header or footer): the pages are the pieces' pages, in order.
    const piecePages = pieces.map((pdf, i) => pageCount(pdfFile(`piece-${i}.pdf`, pdf)));
    expect(pageCount(path)).toBe(piecePages.reduce((a, b) => a + b, 0));
    expect(pdfInfo(path)).toMatch(/^Title:\s+Postmortem: Primary database refuses writes$/m);
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(text.indexOf('Timeline (UTC)')).toBeLessThan(text.indexOf('Entry 0:'));
    expect(text.indexOf(`Entry ${ENTRIES - 1}:`)).toBeLessThan(text.indexOf('Decisions'));
  }, 60_000);

  it('keeps every entry once and in order across many seams', async () => {
    const room = bigRoom();
    const markdown = await exportRoom(room.doc, {
      format: 'md',
      catalog,
      generatedAt: new Date('2026-03-24T06:00:00Z'),
    });
    const { pieces, print } = recordingPrinter();
    const postmortem = { markdown: String(markdown.data), title: 'Postmortem' };
    const pdf = await printInChunks(postmortem, print, {
      maxChunkBytes: 48 * 1024,
      minSplitBytes: 16 * 1024,
      piecesMultipleOf: 2,
    });
    expect(pieces.length).toBeGreaterThanOrEqual(6);
    const path = pdfFile('many-seams.pdf', pdf);
    expect(entriesRead(path)).toEqual(Array.from({ length: ENTRIES }, (_, i) => i));
  }, 60_000);
});
