import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { declareRoom, logEntry, timelineEntry } from './ui-steps';

/**
 * "· offline" on an entry is a claim about the relay, so it must be true: entries written while
 * the relay is up (the declaration and the IC's first entries, written while the room is still
 * connecting or already live) carry no label; an entry written after the relay went away does.
 */
test('entries written with the relay up are not labelled offline; one written with it down is', async ({
  openUser,
  relay,
}) => {
  test.setTimeout(180_000);
  const ic = await openUser('Avery');
  await declareRoom(ic.page, { title: 'Payments timeouts', severity: 'SEV1' });
  const status = ic.page.getByRole('status', { name: 'Connection' });
  await expect(status).toHaveText(/Live/);
  await logEntry(ic.page, 'Paged the payments on-call');

  const rows = ic.page.getByRole('feed', { name: 'Timeline entries' }).getByRole('article');
  const labelled = rows.filter({ hasText: '· offline' });
  await expect(timelineEntry(ic.page, 'Paged the payments on-call')).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await expect(labelled).toHaveCount(0);

  await relay.stop();
  await expect(status).toHaveText(/Offline since \d\d:\d\d UTC/, { timeout: 20_000 });
  await logEntry(ic.page, 'Relay gone: noting by hand');
  await expect(timelineEntry(ic.page, 'Relay gone: noting by hand')).toContainText('· offline');
  await expect(labelled).toHaveCount(1);

  // The postmortem tells the same truth: only the entry written with the relay down is noted.
  const download = ic.page.waitForEvent('download');
  await ic.page.getByRole('button', { name: 'Export postmortem as Markdown' }).click();
  const markdown = await readFile(await (await download).path(), 'utf8');
  const lineOf = (text: string) => markdown.split('\n').find((line) => line.includes(text)) ?? '';
  expect(lineOf('Paged the payments on-call')).not.toBe('');
  expect(lineOf('Paged the payments on-call')).not.toContain('written offline');
  // The export shows seconds when they are not :00 (SECONDS in build-postmortem-view.ts); an
  // entry recorded on the minute failed the old pattern once in CI.
  expect(lineOf('Relay gone: noting by hand')).toMatch(/written offline at \d\d:\d\d(:\d\d)?\)/);
  expect(markdown.match(/written offline/g)).toHaveLength(1);
});
