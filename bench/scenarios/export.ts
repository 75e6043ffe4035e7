/**
 * Scenario 7, export: the postmortem of a room with N timeline entries in every format the host
 * exports (PDF through Chromium), timed one after another on the same built room.
 */
import { performance } from 'node:perf_hooks';
import {
  EXPORT_FORMATS,
  exportRoom,
  type ExportFormat,
} from '../../electron/host/export/export-room';
import { loadTemplates } from '../../electron/host/templates/load-templates';
import { declaredTestRoom } from '../../shared/fixtures';
import { logEntry } from '../../shared/ops/timeline';
import { printAsOneDocument } from '../peers/pdf-one-document';

export interface ExportConfig {
  entries: number;
  rounds: number;
}

/** The PDF as printed before the export printed it in pieces (the peer, see pdf-one-document.ts). */
export const PDF_PEER = 'pdf, one document (before)';

export interface ExportResult {
  format: ExportFormat | typeof PDF_PEER;
  round: number;
  entries: number;
  ms: number;
  bytes: number;
}

const KINDS = ['observation', 'action', 'alert', 'comms', 'note'] as const;

export async function runExport(
  config: ExportConfig,
  log: (line: string) => void,
): Promise<ExportResult[]> {
  const room = declaredTestRoom();
  const buildStart = performance.now();
  for (let i = 0; i < config.entries; i += 1) {
    room.clock.advanceMinutes(0.05);
    logEntry(room.doc, i % 2 === 0 ? room.ops : room.scribe, {
      text: `Entry ${i}: error rate ${(i % 97) / 10} % on checkout-api; replica lag ${i % 31} s`,
      kind: KINDS[i % KINDS.length],
    });
  }
  log(
    `export: built a ${config.entries}-entry room in ${(performance.now() - buildStart).toFixed(0)} ms`,
  );
  const { catalog } = await loadTemplates();
  const results: ExportResult[] = [];
  const record = (format: ExportResult['format'], round: number, ms: number, bytes: number) => {
    results.push({ format, round, entries: config.entries, ms, bytes });
    log(`export ${format} round ${round}: ${ms.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} kB`);
  };
  for (let round = 0; round < config.rounds; round += 1) {
    // The peer goes after our PDF in even rounds and before it in odd ones.
    const formats: Array<ExportResult['format']> =
      round % 2 === 0
        ? [...EXPORT_FORMATS, PDF_PEER]
        : [...EXPORT_FORMATS.slice(0, 3), PDF_PEER, 'pdf'];
    for (const format of formats) {
      const start = performance.now();
      if (format === PDF_PEER) {
        const html = await exportRoom(room.doc, {
          format: 'html',
          catalog,
          generatedAt: new Date(),
        });
        const pdf = await printAsOneDocument(String(html.data));
        record(format, round, performance.now() - start, pdf.byteLength);
        continue;
      }
      const out = await exportRoom(room.doc, { format, catalog, generatedAt: new Date() });
      const ms = performance.now() - start;
      const bytes =
        typeof out.data === 'string' ? Buffer.byteLength(out.data) : out.data.byteLength;
      record(format, round, ms, bytes);
    }
  }
  return results;
}
