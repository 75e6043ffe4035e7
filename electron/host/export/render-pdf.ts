import { CHROMIUM_NO_SANDBOX_ENV, pdfChromiumLaunch } from './chromium-args';
import { findChromium } from './find-chromium';

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
  readonly code = 'pdf-unavailable';
}

/** Chromium would not start in its sandbox: say why and what the person can do, in one sentence. */
function sandboxRefusal(error: unknown): PdfUnavailableError | null {
  const message = error instanceof Error ? error.message : String(error);
  const reason = /Running as root without --no-sandbox|No usable sandbox/.exec(message)?.[0];
  if (reason === undefined) return null;
  return new PdfUnavailableError(
    `PDF export runs Chromium in its sandbox, and Chromium could not start sandboxed here (${reason}). ` +
      `Run Incident Room as a normal user; only where that is impossible (a container or CI running as root) ` +
      `set ${CHROMIUM_NO_SANDBOX_ENV}=1 to print without the sandbox.`,
  );
}

/**
 * Prints an exported HTML document to PDF in headless Chromium, the same engine the desktop app
 * prints with. The page gets no network at all: the export is self-contained, and a hostile entry
 * must not be able to make the printer fetch anything, and the renderer stays sandboxed (see
 * chromium-args.ts).
 */
export async function renderPdf(html: string): Promise<Uint8Array> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new PdfUnavailableError(
      'PDF export needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.',
    );
  }
  const launch = pdfChromiumLaunch(process.env);
  // Loaded on first PDF only: playwright-core costs ~0.8 s of CPU to import, which every CLI
  // command and every web-mode start paid before, PDF or not.
  const { chromium } = await import('playwright-core');
  const browser = await chromium
    .launch({ executablePath, args: [...launch.args], chromiumSandbox: launch.chromiumSandbox })
    .catch((error: unknown) => {
      throw sandboxRefusal(error) ?? error;
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
