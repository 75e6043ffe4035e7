import { chromium } from 'playwright-core';
import { HEADLESS_CHROMIUM_ARGS } from './chromium-args';
import { findChromium } from './find-chromium';

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
  readonly code = 'pdf-unavailable';
}

/**
 * Prints an exported HTML document to PDF in headless Chromium, the same engine the desktop app
 * prints with. The page gets no network at all: the export is self-contained, and a hostile entry
 * must not be able to make the printer fetch anything.
 */
export async function renderPdf(html: string): Promise<Uint8Array> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new PdfUnavailableError(
      'PDF export needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.',
    );
  }
  const browser = await chromium.launch({
    executablePath,
    args: [...HEADLESS_CHROMIUM_ARGS],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
