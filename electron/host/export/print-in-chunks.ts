/**
 * Prints a postmortem to one PDF in pieces: the HTML split at entry boundaries
 * (split-for-printing.ts), the pieces printed two at a time by whatever prints HTML here (headless
 * Chromium in the CLI and web mode, Electron's printToPDF in the desktop app), and their PDFs
 * joined in order with pdf-lib. A small postmortem is one piece, printed exactly as before.
 */
import { DEFAULT_SPLIT, splitForPrinting, type SplitOptions } from './split-for-printing';

/** Prints one self-contained HTML document to a PDF. */
export type PrintHtml = (html: string) => Promise<Uint8Array>;

/**
 * Pieces printed at once. Each is laid out by its own Chromium renderer on its own core; two keep
 * a two-core laptop busy without holding more than two pieces' layouts in memory.
 */
export const PRINT_CONCURRENCY = 2;

export async function printInChunks(
  html: string,
  print: PrintHtml,
  split: SplitOptions = DEFAULT_SPLIT,
): Promise<Uint8Array> {
  const pieces = splitForPrinting(html, { ...split, piecesMultipleOf: PRINT_CONCURRENCY });
  if (pieces.length === 1) return print(html);
  const pdfs: Uint8Array[] = new Array<Uint8Array>(pieces.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < pieces.length; index = next++) {
      pdfs[index] = await print(pieces[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PRINT_CONCURRENCY, pieces.length) }, worker));
  return joinPdfs(pdfs);
}

/**
 * One PDF of the pages of `parts`, in order. The first part is the base, so its document
 * information (the title Chromium takes from <title>, creator, producer, dates) is the joined
 * file's, as if it had been printed in one piece.
 */
export async function joinPdfs(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  const [first, ...rest] = parts;
  if (!first) throw new Error('joinPdfs needs at least one PDF');
  // Loaded when a PDF has pieces to join only: importing pdf-lib costs 0.2-0.6 s, which every CLI
  // command and web-mode start would pay otherwise.
  const { PDFDocument } = await import('pdf-lib');
  const joined = await PDFDocument.load(first, { updateMetadata: false });
  for (const part of rest) {
    const doc = await PDFDocument.load(part, { updateMetadata: false });
    for (const page of await joined.copyPages(doc, doc.getPageIndices())) joined.addPage(page);
  }
  // Without object streams the file is ~5 % larger and written in half the time; Chromium's own
  // PDFs do not use them either.
  return joined.save({ useObjectStreams: false });
}
