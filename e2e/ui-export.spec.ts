import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { declareRoom, logEntry } from './ui-steps';

test.describe('export from the room', () => {
  test('downloads the postmortem as Markdown and the room as an archive, from what the room holds', async ({
    openUser,
  }) => {
    test.setTimeout(180_000);
    const ic = await openUser('Avery', { relay: false });
    await declareRoom(ic.page, { title: 'Search latency after reindex', severity: 'SEV3' });
    await logEntry(ic.page, 'p99 search latency 3 s, normally 200 ms');

    const markdownDownload = ic.page.waitForEvent('download');
    await ic.page.getByRole('button', { name: 'Export postmortem as Markdown' }).click();
    const markdown = await markdownDownload;
    expect(markdown.suggestedFilename()).toBe('postmortem-Search-latency-after-reindex.md');
    const text = await readFile(await markdown.path(), 'utf8');
    expect(text).toMatch(/^# Postmortem: Search latency after reindex/);
    expect(text).toContain('p99 search latency 3 s, normally 200 ms');

    const archiveDownload = ic.page.waitForEvent('download');
    await ic.page.getByRole('button', { name: 'Export room archive as JSON' }).click();
    const archive = JSON.parse(await readFile(await (await archiveDownload).path(), 'utf8')) as {
      kind: string;
      view: { title: string };
    };
    expect(archive).toMatchObject({
      kind: 'incident-room-archive',
      view: { title: 'Search latency after reindex' },
    });
  });

  test('downloads the postmortem as a PDF file, the CLI’s print of it, not a print dialog', async ({
    openUser,
  }) => {
    test.setTimeout(180_000);
    const ic = await openUser('Avery', { relay: false });
    await declareRoom(ic.page, { title: 'Checkout 500s after deploy', severity: 'SEV2' });
    await logEntry(ic.page, 'Rolled back checkout-api to v41');

    const pdfDownload = ic.page.waitForEvent('download');
    await ic.page.getByRole('button', { name: 'Export postmortem as PDF' }).click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toBe('postmortem-Checkout-500s-after-deploy.pdf');
    const path = await pdf.path();
    expect((await readFile(path)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Checkout 500s after deploy');
    expect(text).toContain('Rolled back checkout-api to v41');
  });
});
