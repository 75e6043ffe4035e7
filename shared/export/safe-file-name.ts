/**
 * A file name made from a room title: portable across Linux, macOS and Windows, unable to leave
 * the folder it is written to, and never a name Windows reserves for devices.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_STEM_CHARS = 80;

export function safeFileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    // Dots next to each other or at either end would allow "..", hidden files or Windows' trailing-dot trap.
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, MAX_STEM_CHARS)
    .replace(/[-._]+$/g, '');
  if (stem === '') return 'incident';
  const base = stem.split('.')[0] ?? stem;
  return WINDOWS_RESERVED.test(base) ? `incident-${stem}` : stem;
}

/** `postmortem-<title>.<extension>` for a room title. */
export function postmortemFileName(title: string, extension: string): string {
  return `postmortem-${safeFileStem(title)}.${extension}`;
}
