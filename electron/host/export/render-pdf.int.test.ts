/**
 * renderPdf with the system Chromium: the production launch keeps Chromium's sandbox, and only the
 * explicit opt-in turns it off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_NO_SANDBOX_ENV } from './chromium-args';
import { PdfUnavailableError, renderPdf } from './render-pdf';

const POSTMORTEM = { markdown: 'Postmortem', title: 't' };
const optIn = process.env[CHROMIUM_NO_SANDBOX_ENV];
afterEach(() => {
  if (optIn === undefined) delete process.env[CHROMIUM_NO_SANDBOX_ENV];
  else process.env[CHROMIUM_NO_SANDBOX_ENV] = optIn;
});

const pdfHeader = (pdf: Uint8Array) => new TextDecoder().decode(pdf.subarray(0, 5));

describe('renderPdf', () => {
  it('launches Chromium sandboxed unless told otherwise (as root: a clear refusal)', async () => {
    delete process.env[CHROMIUM_NO_SANDBOX_ENV];
    if (process.getuid?.() === 0) {
      // Chromium itself refuses root without --no-sandbox: proof the flag was not passed.
      const printing = renderPdf(POSTMORTEM);
      await expect(printing).rejects.toThrow(PdfUnavailableError);
      await expect(printing).rejects.toThrow(
        /could not start sandboxed here \(Running as root without --no-sandbox\).*INCIDENT_ROOM_CHROMIUM_NO_SANDBOX=1/,
      );
    } else {
      expect(pdfHeader(await renderPdf(POSTMORTEM))).toBe('%PDF-');
    }
  });

  it('prints without the sandbox when INCIDENT_ROOM_CHROMIUM_NO_SANDBOX=1 opts in', async () => {
    process.env[CHROMIUM_NO_SANDBOX_ENV] = '1';
    expect(pdfHeader(await renderPdf(POSTMORTEM))).toBe('%PDF-');
  });
});
