/**
 * File → Export: the room shown in the focused window, in the chosen format, to a file the person
 * picks in a save dialog. The content comes from the host's exportRoom (the export issue owns
 * it); the PDF is the same HTML printed by Electron's own Chromium (`printToPDF`) in a hidden,
 * script-less window in a separate session that may load nothing but that page (a long postmortem
 * in several such pages, see electron/host/export/print-in-chunks.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindow, SaveDialogOptions } from 'electron';
import type * as Y from 'yjs';
import { exportRoom, type ExportFormat } from '../../host/export/export-room';
import type { TemplateCatalog } from '../../../shared/templates/template-catalog';

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  md: { name: 'Markdown', extensions: ['md'] },
  html: { name: 'HTML', extensions: ['html'] },
  json: { name: 'Room archive (JSON)', extensions: ['json'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
};

export function saveDialogOptions(
  format: ExportFormat,
  fileName: string,
  documentsDir: string,
): SaveDialogOptions {
  return {
    title: 'Export incident',
    defaultPath: join(documentsDir, fileName),
    filters: [FILTERS[format]],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** `postmortem-x.html` → `postmortem-x.pdf`. */
export function pdfFileName(htmlFileName: string): string {
  return htmlFileName.replace(/\.html$/i, '') + '.pdf';
}

export interface ExportDeps {
  catalog: () => Promise<TemplateCatalog>;
  documentsDir: string;
  /** dialog.showSaveDialog, bound to the window. */
  askWhereToSave(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** Prints HTML to PDF (see printHtmlToPdf). */
  printToPdf(html: string): Promise<Uint8Array>;
  now?: () => Date;
}

export type ExportOutcome = { saved: string } | { canceled: true };

export async function exportRoomToFile(
  doc: Y.Doc,
  format: ExportFormat,
  deps: ExportDeps,
): Promise<ExportOutcome> {
  const generatedAt = (deps.now ?? (() => new Date()))();
  const catalog = await deps.catalog();
  // A PDF is printed by exportRoom with printToPdf, a long postmortem in pieces joined after, as
  // the CLI and web mode print with headless Chromium.
  const { fileName, data } = await exportRoom(doc, {
    format,
    catalog,
    generatedAt,
    printPdf: (html) => deps.printToPdf(html),
  });
  const choice = await deps.askWhereToSave(saveDialogOptions(format, fileName, deps.documentsDir));
  if (choice.canceled || !choice.filePath) return { canceled: true };
  await writeFile(choice.filePath, data);
  return { saved: choice.filePath };
}

/** Only the printed page itself may load: images or styles pointing elsewhere are dropped. */
export function isPrintRequestAllowed(url: string): boolean {
  return url.startsWith('data:');
}

/**
 * Prints an HTML document to PDF with Electron's Chromium. `createWindow` makes a hidden window
 * in its own session (see main.ts) with JavaScript off.
 */
export async function printHtmlToPdf(
  html: string,
  createWindow: () => Pick<BrowserWindow, 'loadURL' | 'webContents' | 'destroy'>,
): Promise<Uint8Array> {
  const window = createWindow();
  try {
    await window.loadURL(
      `data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`,
    );
    const pdf = await window.webContents.printToPDF({
      printBackground: true,
      pageSize: 'A4',
    });
    return new Uint8Array(pdf);
  } finally {
    window.destroy();
  }
}
