import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postmortemFileName, safeFileStem } from './safe-file-name';

describe('file names from room titles', () => {
  it.each([
    ['payments-api elevated errors', 'payments-api-elevated-errors'],
    ['../../etc/passwd', 'etc-passwd'],
    ['..\\..\\Windows\\System32', 'Windows-System32'],
    ['CON', 'incident-CON'],
    ['nul.txt', 'incident-nul.txt'],
    ['   ', 'incident'],
    ['....', 'incident'],
    ['Café outage — EU', 'Cafe-outage-EU'],
    ['a\u0000b\u001fc', 'a-b-c'],
    ['.hidden', 'hidden'],
  ])('%j → %j', (title, stem) => {
    expect(safeFileStem(title)).toBe(stem);
  });

  it('never yields a path, a dot-dot, a hidden name or a reserved device, for any title', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (title) => {
        const name = postmortemFileName(title, 'md');
        expect(name).not.toMatch(/[/\\\0]/);
        expect(name).not.toContain('..');
        expect(name.startsWith('.')).toBe(false);
        expect(name.length).toBeLessThanOrEqual(100);
        expect(name).toMatch(/^postmortem-[A-Za-z0-9._-]+\.md$/);
      }),
      { numRuns: 500 },
    );
  });
});
