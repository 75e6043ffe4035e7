import type * as Y from 'yjs';
import { exportPostmortem, exportRoomArchive, serializeRoomArchive } from '../../../shared/export';
import { postmortemFileName } from '../../../shared/export/safe-file-name';
import { readRoom } from '../../../shared/read';
import type { CheckedMustacheTemplate } from '../../../shared/templates/mustache-template';
import type { TemplateCatalog } from '../../../shared/templates/template-catalog';
import { printInChunks } from './print-in-chunks';
import { renderPdf } from './render-pdf';

export const EXPORT_FORMATS = ['md', 'html', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RoomExport {
  /** A safe default file name derived from the room title. */
  fileName: string;
  mimeType: string;
  data: string | Uint8Array;
}

export interface ExportRoomOptions {
  format: ExportFormat;
  catalog: TemplateCatalog;
  /** A user's postmortem template instead of the catalog's (already checked). */
  template?: CheckedMustacheTemplate;
  /** When the export is made; passed in so tests and archives are reproducible. */
  generatedAt: Date;
  /**
   * Prints one HTML document to PDF. Default: headless Chromium (renderPdf), as the CLI and web
   * mode print; the desktop app passes Electron's own printToPDF. A long postmortem is printed in
   * pieces either way, each piece a document of its own, and the PDFs joined (print-in-chunks.ts).
   */
  printPdf?: (html: string) => Promise<Uint8Array>;
}

/** One export of a room in any format; the host's API, the CLI and the desktop menu all use it. */
export async function exportRoom(doc: Y.Doc, options: ExportRoomOptions): Promise<RoomExport> {
  const generatedAt = options.generatedAt.toISOString();
  const room = readRoom(doc, { now: options.generatedAt.getTime() });
  const title = room.title ?? 'untitled incident';
  if (options.format === 'json') {
    return {
      fileName: postmortemFileName(title, 'json').replace(/^postmortem-/, 'room-'),
      mimeType: 'application/json',
      data: serializeRoomArchive(exportRoomArchive(doc, generatedAt)),
    };
  }
  const severityNames = Object.fromEntries(
    options.catalog.severityPolicy.value.levels.map((level) => [level.id, level.name]),
  );
  const result = exportPostmortem(room, {
    template: options.template ?? options.catalog.postmortemTemplate.value,
    generatedAt,
    severityNames,
  });
  switch (options.format) {
    case 'md':
      return {
        fileName: postmortemFileName(title, 'md'),
        mimeType: 'text/markdown',
        data: result.markdown,
      };
    case 'html':
      return {
        fileName: postmortemFileName(title, 'html'),
        mimeType: 'text/html',
        data: result.html,
      };
    case 'pdf': {
      // Printed from the Markdown, the HTML rendered in pieces (never as one document first).
      const postmortem = { markdown: result.markdown, title: result.htmlTitle };
      return {
        fileName: postmortemFileName(title, 'pdf'),
        mimeType: 'application/pdf',
        data: options.printPdf
          ? await printInChunks(postmortem, options.printPdf)
          : await renderPdf(postmortem),
      };
    }
  }
}
