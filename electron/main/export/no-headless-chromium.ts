/**
 * Stands in for playwright-core in the desktop bundle. The host's web-mode PDF path drives a
 * headless Chromium through playwright; the desktop app prints with its own Chromium
 * (`printToPDF`, see export-to-file.ts) and never calls that path, so the bundle leaves
 * playwright out instead of shipping a browser driver.
 */
export const chromium = {
  launch(): never {
    throw new Error('The desktop app prints PDFs with printToPDF, not a headless browser.');
  },
};
