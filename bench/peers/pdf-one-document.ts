/**
 * The PDF export as it printed before issue #19's pieces, kept as the export scenario's peer so
 * the PDF figure is a ratio measured in the same run (absolute times on this shared machine swing
 * 2x with the others' load): the whole postmortem as one document, in one page with Chromium's
 * default 1280-px screen viewport, printed by page.pdf with the export's paper and margins, from a
 * Chromium launched with Playwright's own feature flags.
 */
import { chromium } from 'playwright-core';
import { pdfChromiumLaunch } from '../../electron/host/export/chromium-args';
import { findChromium } from '../../electron/host/export/find-chromium';

export async function printAsOneDocument(html: string): Promise<Uint8Array> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('the PDF peer needs Chromium (CHROMIUM_PATH)');
  const launch = pdfChromiumLaunch(process.env);
  // Launched as before too: with Playwright's own --disable-features only, not the export's merged
  // list (which also stops the omnibox WebUI renderer headless Chromium starts at every launch).
  const browser = await chromium.launch({
    executablePath,
    args: launch.args.filter((arg) => !arg.startsWith('--disable-features=')),
    chromiumSandbox: launch.chromiumSandbox,
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
