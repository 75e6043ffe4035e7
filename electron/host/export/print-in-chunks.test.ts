import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderPostmortemHtml } from '../../../shared/export/render-postmortem-html';
import { PRINT_CONCURRENCY, printInChunks } from './print-in-chunks';

const small = { maxChunkBytes: 2_000, minSplitBytes: 500, piecesMultipleOf: 1 };
const postmortem = {
  markdown: `# t\n\n${Array.from({ length: 300 }, (_, i) => `- Entry ${i}`).join('\n')}\n`,
  title: 'Postmortem: t',
};

/**
 * A printer that answers with a one-page PDF per piece, the page as wide as 100 + the piece's
 * first entry number (so the joined order can be read back), the later pieces answered first.
 */
function fakePrinter() {
  let inFlight = 0;
  let maxInFlight = 0;
  const printed: string[] = [];
  const print = async (piece: string): Promise<Uint8Array> => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    printed.push(piece);
    const first = Number(/Entry (\d+)/.exec(piece)?.[1]);
    await new Promise((resolve) => setTimeout(resolve, first === 0 ? 30 : 1));
    const doc = await PDFDocument.create();
    doc.setTitle(`piece from ${first}`);
    doc.addPage([100 + first, 200]);
    inFlight -= 1;
    return doc.save();
  };
  return { print, printed, maxInFlight: () => maxInFlight };
}

describe('printInChunks', () => {
  it('prints a small postmortem in one piece and returns its PDF untouched', async () => {
    const bytes = new Uint8Array([37, 80, 68, 70]);
    const pieces: string[] = [];
    const out = await printInChunks(postmortem, (piece) => {
      pieces.push(piece);
      return Promise.resolve(bytes);
    });
    expect(pieces).toEqual([renderPostmortemHtml(postmortem.markdown, postmortem.title)]);
    expect(out).toBe(bytes);
  });

  it('joins the pieces in document order whatever order they finish in, two at a time, with the first piece’s title', async () => {
    const printer = fakePrinter();
    const joined = await PDFDocument.load(await printInChunks(postmortem, printer.print, small));
    expect(printer.printed.length).toBeGreaterThan(2);
    expect(printer.printed.length % PRINT_CONCURRENCY).toBe(0);
    expect(printer.maxInFlight()).toBe(PRINT_CONCURRENCY);
    const firsts = printer.printed.map((piece) => Number(/Entry (\d+)/.exec(piece)?.[1]));
    expect(joined.getPages().map((page) => page.getWidth() - 100)).toEqual(firsts);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    expect(joined.getTitle()).toBe('piece from 0');
  });

  it('fails when a piece fails to print', async () => {
    const print = (piece: string) =>
      piece.includes('Entry 0<')
        ? Promise.resolve(new Uint8Array())
        : Promise.reject(new Error('printer gone'));
    await expect(printInChunks(postmortem, print, small)).rejects.toThrow('printer gone');
  });
});
