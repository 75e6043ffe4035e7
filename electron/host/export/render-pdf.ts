import { CHROMIUM_NO_SANDBOX_ENV, pdfChromiumLaunch } from './chromium-args';
import { findChromium } from './find-chromium';
import { printInChunks } from './print-in-chunks';
import type { PrintablePostmortem } from './split-for-printing';

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

/** A4 with the export's margins, as page.pdf is told below. */
const PAPER = { format: 'A4', widthMm: 210, heightMm: 297, marginXMm: 16, marginYMm: 18 } as const;
const CSS_PX_PER_MM = 96 / 25.4;

/**
 * The page's viewport is the printed area, and its media is print: the document is laid out once,
 * when it loads, exactly as it will print. With the default 1280-px screen viewport, Chromium's
 * print laid the whole document out three more times (for print media, for the paper's width,
 * paginated); now the paginated layout reuses the loaded one (1.7-2x less renderer time).
 */
const PRINTED_AREA = {
  width: Math.round((PAPER.widthMm - 2 * PAPER.marginXMm) * CSS_PX_PER_MM),
  height: Math.round((PAPER.heightMm - 2 * PAPER.marginYMm) * CSS_PX_PER_MM),
};

/** Prints HTML documents to PDF in one headless Chromium; close it when done. */
export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Starts the headless Chromium that prints, the same engine the desktop app prints with. The page
 * gets no network at all: the export is self-contained, and a hostile entry must not be able to
 * make the printer fetch anything, and the renderer stays sandboxed (see chromium-args.ts).
 * Documents printed at the same time each get a page (a renderer) of their own; a finished page is
 * reused for the next document.
 */
export async function openChromiumPrinter(): Promise<PdfPrinter> {
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
    .launch({
      executablePath,
      args: [...launch.args],
      chromiumSandbox: launch.chromiumSandbox,
      ignoreDefaultArgs: [...launch.ignoreDefaultArgs],
    })
    .catch((error: unknown) => {
      throw sandboxRefusal(error) ?? error;
    });
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      offline: true,
      viewport: PRINTED_AREA,
    });
    type Page = Awaited<ReturnType<typeof context.newPage>>;
    const idle: Page[] = [];
    const newPage = async (): Promise<Page> => {
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print' });
      await page.route('**/*', (route) => route.abort());
      return page;
    };
    return {
      async print(html) {
        const page = idle.pop() ?? (await newPage());
        try {
          await page.setContent(html, { waitUntil: 'load' });
          const pdf = await page.pdf({
            format: PAPER.format,
            printBackground: true,
            margin: {
              top: `${PAPER.marginYMm}mm`,
              bottom: `${PAPER.marginYMm}mm`,
              left: `${PAPER.marginXMm}mm`,
              right: `${PAPER.marginXMm}mm`,
            },
          });
          return new Uint8Array(pdf);
        } finally {
          idle.push(page);
        }
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Prints a postmortem as the HTML export renders it to one PDF in headless Chromium: a long one in
 * pieces, two at a time (print-in-chunks.ts).
 */
export async function renderPdf(postmortem: PrintablePostmortem): Promise<Uint8Array> {
  const printer = await openChromiumPrinter();
  try {
    return await printInChunks(postmortem, (piece) => printer.print(piece));
  } finally {
    await printer.close();
  }
}
