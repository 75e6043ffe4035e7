/**
 * Prints a postmortem to one PDF in pieces: its Markdown rendered as several HTML documents cut at
 * entry boundaries (split-for-printing.ts), the pieces printed two at a time by whatever prints HTML here (headless
 * Chromium in the CLI and web mode, Electron's printToPDF in the desktop app), and their PDFs
 * joined in order with pdf-lib. A small postmortem is one piece, printed exactly as before.
 */
import type { PDFDocument } from 'pdf-lib';
import {
  DEFAULT_SPLIT,
  splitForPrinting,
  type PrintablePostmortem,
  type SplitOptions,
} from './split-for-printing';

/** Prints one self-contained HTML document to a PDF. */
export type PrintHtml = (html: string) => Promise<Uint8Array>;

/**
 * Pieces printed at once. Each is laid out by its own Chromium renderer on its own core; two keep
 * a two-core laptop busy without holding more than two pieces' layouts in memory.
 */
export const PRINT_CONCURRENCY = 2;

export async function printInChunks(
  postmortem: PrintablePostmortem,
  print: PrintHtml,
  split: SplitOptions = DEFAULT_SPLIT,
): Promise<Uint8Array> {
  const pieces = splitForPrinting(postmortem, { ...split, piecesMultipleOf: PRINT_CONCURRENCY });
  if (pieces.length === 1) return print(pieces[0]!);
  // pdf-lib is imported (0.2-0.6 s), and each piece's PDF parsed, while Chromium prints the rest.
  const pdfLib = import('pdf-lib');
  const parsed: Array<Promise<PDFDocument>> = new Array<Promise<PDFDocument>>(pieces.length);
  const parse = (pdf: Uint8Array): Promise<PDFDocument> => {
    const doc = pdfLib.then(({ PDFDocument }) => PDFDocument.load(pdf, { updateMetadata: false }));
    // Awaited below; marked handled here so a failed print elsewhere cannot leave it unobserved.
    doc.catch(() => undefined);
    return doc;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < pieces.length; index = next++) {
      parsed[index] = parse(await print(pieces[index]!));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PRINT_CONCURRENCY, pieces.length) }, worker));
  return joinPdfs(await Promise.all(parsed));
}

/**
 * One PDF of the pages of `parts`, in order. The first part is the base, so its document
 * information (the title Chromium takes from <title>, creator, producer, dates) is the joined
 * file's, as if it had been printed in one piece.
 */
async function joinPdfs(parts: readonly PDFDocument[]): Promise<Uint8Array> {
  const [joined, ...rest] = parts;
  if (!joined) throw new Error('joinPdfs needs at least one PDF');
  for (const doc of rest) {
    for (const page of await joined.copyPages(doc, doc.getPageIndices())) joined.addPage(page);
  }
  // Without object streams the file is ~5 % larger and written in half the time; Chromium's own
  // PDFs do not use them either.
  return joined.save({ useObjectStreams: false });
}
