import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { declaredTestRoom } from '../../../shared/fixtures/test-room';
import type { TemplateCatalog } from '../../../shared/templates/template-catalog';
import { loadTemplates } from '../../host/templates/load-templates';
import {
  exportRoomToFile,
  isPrintRequestAllowed,
  pdfFileName,
  printHtmlToPdf,
  saveDialogOptions,
} from './export-to-file';

let catalog: TemplateCatalog;
beforeAll(async () => {
  catalog = (await loadTemplates()).catalog;
});

describe('exportRoomToFile', () => {
  const generatedAt = new Date('2026-03-24T06:00:00.000Z');

  it('asks where to save with a safe default name and writes the export there', async () => {
    const room = declaredTestRoom();
    const dir = mkdtempSync(join(tmpdir(), 'ir-export-'));
    const ask = vi.fn((options: { defaultPath?: string }) =>
      Promise.resolve({ canceled: false, filePath: join(dir, 'chosen.md'), asked: options }),
    );
    const outcome = await exportRoomToFile(room.doc, 'md', {
      catalog: () => Promise.resolve(catalog),
      documentsDir: '/home/pat/Documents',
      askWhereToSave: ask,
      printToPdf: () => Promise.reject(new Error('not for markdown')),
      now: () => generatedAt,
    });
    expect(outcome).toEqual({ saved: join(dir, 'chosen.md') });
    const options = ask.mock.calls[0]![0] as { defaultPath: string; filters: unknown };
    expect(options.defaultPath).toMatch(/^\/home\/pat\/Documents\/postmortem-.*\.md$/);
    expect(options.filters).toEqual([{ name: 'Markdown', extensions: ['md'] }]);
    expect(readFileSync(join(dir, 'chosen.md'), 'utf8')).toContain(
      'Primary database refuses writes',
    );
  });

  it('prints the HTML postmortem for PDF and writes nothing when the dialog is canceled', async () => {
    const room = declaredTestRoom();
    const printToPdf = vi.fn(() => Promise.resolve(new Uint8Array([37, 80, 68, 70])));
    const outcome = await exportRoomToFile(room.doc, 'pdf', {
      catalog: () => Promise.resolve(catalog),
      documentsDir: '/docs',
      askWhereToSave: () => Promise.resolve({ canceled: true }),
      printToPdf,
      now: () => generatedAt,
    });
    expect(outcome).toEqual({ canceled: true });
    expect(printToPdf).toHaveBeenCalledOnce();
    expect(printToPdf.mock.calls[0]).toEqual([expect.stringContaining('<html')]);
  });
});

describe('PDF printing', () => {
  it('loads the page as data: only, prints it and always destroys the window', async () => {
    const loadURL = vi.fn((_url: string) => Promise.resolve());
    const printToPDF = vi.fn(() => Promise.resolve(Buffer.from('%PDF-1.7')));
    const destroy = vi.fn();
    const pdf = await printHtmlToPdf('<html><body>hi</body></html>', () => ({
      loadURL,
      destroy,
      webContents: { printToPDF } as never,
    }));
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7');
    expect(loadURL.mock.calls[0]![0]).toMatch(/^data:text\/html;charset=utf-8;base64,/);
    expect(destroy).toHaveBeenCalledOnce();
    expect(isPrintRequestAllowed('data:text/html;base64,xx')).toBe(true);
    expect(isPrintRequestAllowed('https://tracker.example.com/pixel.gif')).toBe(false);
    expect(isPrintRequestAllowed('file:///etc/passwd')).toBe(false);
  });

  it('names files and filters per format', () => {
    expect(pdfFileName('postmortem-db-outage.html')).toBe('postmortem-db-outage.pdf');
    expect(saveDialogOptions('json', 'room-x.json', '/d').filters).toEqual([
      { name: 'Room archive (JSON)', extensions: ['json'] },
    ]);
  });
});
