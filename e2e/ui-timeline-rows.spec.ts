import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { declareRoom, logEntry, timelineEntry } from './ui-steps';

interface RowBox {
  label: string;
  top: number;
  bottom: number;
}

// The rendered rows of the virtualized timeline, top to bottom, with their boxes in the page;
// evaluated in the page (e2e code is typed for Node, without the DOM library).
const ROW_BOXES = `[...document.querySelectorAll('[role="feed"][aria-label="Timeline entries"] article')]
  .map((row) => {
    const box = row.getBoundingClientRect();
    return { label: row.getAttribute('aria-label') ?? '', top: box.top, bottom: box.bottom };
  })
  .sort((a, b) => a.top - b.top)`;

const SCROLL_FEED = (fraction: number) => `(() => {
  const feed = document.querySelector('[role="feed"][aria-label="Timeline entries"]');
  feed.scrollTop = (feed.scrollHeight - feed.clientHeight) * ${fraction};
})()`;

// The event time (ISO) of the rendered row nearest the middle of the timeline's viewport.
const MIDDLE_ROW_TIME = `(() => {
  const feed = document.querySelector('[role="feed"][aria-label="Timeline entries"]');
  const view = feed.getBoundingClientRect();
  const centre = (view.top + view.bottom) / 2;
  const rows = [...feed.querySelectorAll('article')];
  const distance = (row) => Math.abs(row.getBoundingClientRect().top - centre);
  const nearest = rows.sort((a, b) => distance(a) - distance(b))[0];
  return nearest.querySelector('time').getAttribute('datetime');
})()`;

/** Two animation frames: the virtualizer positions rows on one and measures them on the next. */
const TWO_FRAMES = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`;

const LONG =
  'Checkout p99 latency climbed from 180 ms to 2.4 s after the 14:02 deploy; the payments-api pods ' +
  'are restarting every few minutes with OOMKilled, the connection pool to orders-db is saturated, ' +
  'and the retry storm from the mobile clients is doubling the request rate on the gateway. ' +
  'Rolling back is blocked until the schema migration finishes on the replica.';
const MULTI_LINE =
  'Customer reports so far:\n- EU: card payments declined\n- US: timeouts on confirm\n- APAC: none yet';

/** Whole pixels: a sub-pixel touch between neighbours is layout rounding, not an overlap. */
function overlaps(rows: RowBox[]): string[] {
  const found: string[] = [];
  for (let index = 1; index < rows.length; index += 1) {
    const above = rows[index - 1];
    const below = rows[index];
    if (above && below && below.top < above.bottom - 1) {
      found.push(
        `"${above.label.slice(0, 50)}" (ends at ${above.bottom.toFixed(1)}) overlaps ` +
          `"${below.label.slice(0, 50)}" (starts at ${below.top.toFixed(1)})`,
      );
    }
  }
  return found;
}

async function expectNoOverlapWhileScrolling(page: Page, width: number): Promise<void> {
  for (const fraction of [1, 0, 0.25, 0.5, 0.75, 1]) {
    await page.evaluate(SCROLL_FEED(fraction));
    await page.evaluate(TWO_FRAMES);
    await page.evaluate(TWO_FRAMES);
    const rows = await page.evaluate<RowBox[]>(ROW_BOXES);
    expect(rows.length, `rows rendered at ${width} px, scrolled to ${fraction}`).toBeGreaterThan(3);
    expect(overlaps(rows), `at ${width} px, scrolled to ${fraction}`).toEqual([]);
  }
}

test('timeline rows never overlap, with long and multi-line entries, at two widths, while scrolling', async ({
  openUser,
}) => {
  test.setTimeout(180_000);
  const { page } = await openUser('Avery');
  await page.setViewportSize({ width: 1440, height: 900 });
  await declareRoom(page, { title: 'Checkout latency', severity: 'SEV2', service: 'checkout' });

  // Enough entries to fill several screens, mixing one-line, wrapped and multi-line rows.
  for (let index = 1; index <= 36; index += 1) {
    const text =
      index % 3 === 0
        ? `${index}. ${MULTI_LINE}`
        : index % 3 === 1
          ? `${index}. ${LONG}`
          : `${index}. Error rate ${index}%`;
    await logEntry(page, text);
  }
  await expect(timelineEntry(page, '35. Error rate 35%')).toBeVisible();
  await expect(page.getByText('38 entries')).toBeVisible(); // with the declaration's two

  await expectNoOverlapWhileScrolling(page, 1440);
  // Narrower: the long entries wrap onto more lines, so every row they are in grows.
  await page.setViewportSize({ width: 800, height: 900 });
  await expectNoOverlapWhileScrolling(page, 800);

  // A row grows in place: a one-line entry is edited into a long, multi-line one.
  await page.evaluate(SCROLL_FEED(0));
  await timelineEntry(page, '2. Error rate 2%')
    .getByRole('button', { name: 'Edit entry: 2. Error rate 2%' })
    .click();
  await page
    .getByRole('textbox', { name: 'Edited entry text' })
    .fill(`Edited: ${MULTI_LINE}\n${LONG}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(timelineEntry(page, 'Edited: Customer reports so far')).toBeVisible();
  // Rows arrive in the middle: back-dated to the time of the row in the middle of the view,
  // they sort in beside it, above rows that are already measured.
  await page.evaluate(SCROLL_FEED(0.5));
  await page.evaluate(TWO_FRAMES);
  const middle = await page.evaluate<string>(MIDDLE_ROW_TIME);
  for (const text of [`Back-dated: ${LONG}`, `Back-dated: ${MULTI_LINE}`]) {
    await logEntry(page, text, { at: middle.slice(11, 19) });
  }
  await expect(page.getByText('40 entries')).toBeVisible();
  await expectNoOverlapWhileScrolling(page, 800);

  // And back: rows shrink again.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectNoOverlapWhileScrolling(page, 1440);
});
