import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { SimulatedUser } from './fixtures';
import { copyInvite, declareRoom, joinRoom, logEntry, timelineEntry } from './ui-steps';

/** Kept after the run (git-ignored), for a person to look at: see e2e/README or the lead. */
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const HEIGHT = 900;
const SCREENSHOT_WIDTHS = [1280, 1920] as const;
const HEADER_WIDTHS = [1280, 1440, 1920] as const;
const THEMES = ['dark', 'light'] as const;
type Theme = (typeof THEMES)[number];

// Near the 200-character limit, as a tired IC writes them.
const LONG_TITLE =
  'payments-api elevated checkout errors in eu-west-1 and us-east-1 after the 14:02 deploy; ' +
  'mobile clients retrying, card payments declined for some customers';

interface HeaderItem {
  label: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface HeaderLayout {
  header: { left: number; right: number };
  viewportWidth: number;
  items: HeaderItem[];
  titleCut: boolean;
}

// The room header's direct children as laid out, evaluated in the page (e2e code is typed for
// Node, without the DOM library). Children that render nothing (no box) are left out.
const HEADER_LAYOUT = `(() => {
  const header = document.querySelector('header');
  const box = header.getBoundingClientRect();
  const items = [...header.children]
    .map((child) => {
      const item = child.getBoundingClientRect();
      const label = child.getAttribute('aria-label') || child.textContent.trim().slice(0, 40);
      return { label, left: item.left, right: item.right, top: item.top, bottom: item.bottom };
    })
    .filter((item) => item.right - item.left > 0 && item.bottom - item.top > 0);
  const title = header.querySelector('h1');
  return {
    header: { left: box.left, right: box.right },
    viewportWidth: document.documentElement.clientWidth,
    items,
    titleCut: title.scrollWidth > title.clientWidth,
  };
})()`;

/**
 * What breaks "one row, inside the header", each finding naming the item: every item must share
 * a horizontal band with the title (the row), and stay within the header. Whole pixels.
 */
function rowProblems(layout: HeaderLayout, title: string): string[] {
  const row = layout.items.find((item) => item.label.startsWith(title.slice(0, 40)));
  if (!row) return [`no title among the header's items: ${JSON.stringify(layout.items)}`];
  const problems: string[] = [];
  if (layout.header.right > layout.viewportWidth + 1)
    problems.push(`the header is wider than the window (${layout.header.right})`);
  for (const item of layout.items) {
    if (item.top >= row.bottom - 1 || item.bottom <= row.top + 1)
      problems.push(`"${item.label}" is on another row (${item.top}-${item.bottom})`);
    if (item.left < layout.header.left - 1 || item.right > layout.header.right + 1)
      problems.push(`"${item.label}" sticks out of the header (${item.left}-${item.right})`);
  }
  return problems;
}

const REASON_FIELD = 'Reason for decision on: Roll back payments-api to v2.13';

// Whether a field's placeholder fits inside it, measured with the field's own font (a placeholder
// that does not fit is cut without a mark, as "Reason (required to rejec" was).
const PLACEHOLDER_FITS = (label: string) => `(() => {
  const field = document.querySelector('[aria-label=${JSON.stringify(label)}]');
  const style = getComputedStyle(field);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(field.placeholder).width <= room;
})()`;

async function useTheme(page: Page, theme: Theme): Promise<void> {
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme)
    await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

/** One screenshot per width and theme: `<name>-<theme>-<width>.png` in e2e/artifacts. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    for (const theme of THEMES) {
      await useTheme(page, theme);
      await page.screenshot({ path: `${ARTIFACTS}${name}-${theme}-${width}.png` });
    }
  }
  await useTheme(page, 'dark');
}

/** A room with people in every role, decisions waiting and a timeline, as at minute 15. */
async function busyRoom(ic: SimulatedUser, scribe: SimulatedUser): Promise<void> {
  const page = ic.page;
  await declareRoom(page, {
    title: LONG_TITLE,
    severity: 'SEV1',
    incidentType: 'bad-deploy',
    service: 'payments-api',
  });
  const invite = await copyInvite(ic);
  await joinRoom(scribe.page, invite, LONG_TITLE);
  await scribe.page.getByRole('tab', { name: 'Roles' }).click();
  await scribe.page.getByRole('button', { name: 'Take Scribe role' }).click();
  await page.getByRole('tab', { name: 'Roles' }).click();
  for (const [role, name] of [
    ['Operations lead', 'Jane Okonkwo-Lindqvist'],
    ['Communications lead', 'Bartholomew Fairweather'],
  ] as const) {
    const field = page.getByRole('combobox', { name: `${role}: new holder` });
    await field.fill(name);
    await field.press('Enter');
    await expect(page.getByRole('listitem', { name: role })).toContainText(name);
  }
  const minutesAgo = (minutes: number) =>
    new Date(Date.now() - minutes * 60_000).toISOString().slice(11, 19);
  const lines: Array<[string, string, number]> = [
    ['alert', 'Alert: checkout 5xx above 5% for 5 minutes', 14],
    ['observation', 'p99 latency 4.2 s on payments-api, normally 300 ms', 12],
    ['observation', 'DB connection pool saturated: 10 of 10 in use on every pod', 10],
    ['action', 'Jane scaling payments-api from 6 to 12 pods', 9],
    ['observation', 'Scaling did not help: each pod still capped at 10 connections', 7],
    ['comms', 'Support warned to expect failed-checkout tickets', 6],
    ['note', 'Deploy at the start of impact bumped pgpool 2.3.1 → 2.4.0', 5],
    ['observation', 'pgpool 2.4.0 lowered the default pool size from 100 to 10', 3],
  ];
  for (const [kind, text, ago] of lines)
    await logEntry(scribe.page, text, { kind, at: minutesAgo(ago) });
  await timelineEntry(page, 'pgpool 2.4.0 lowered')
    .getByRole('button', { name: /^Pin entry/ })
    .click();
  await page.getByRole('tab', { name: /Decisions/ }).click();
  await page.getByRole('textbox', { name: 'Proposal' }).fill('Roll back payments-api to v2.13');
  await page.getByRole('textbox', { name: 'Why' }).fill('v2.14 carries the pgpool bump');
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await scribe.page.getByRole('tab', { name: /Decisions/ }).click();
  await scribe.page
    .getByRole('textbox', { name: 'Proposal' })
    .fill('Fail over the primary database');
  await scribe.page.getByRole('button', { name: 'Propose', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Decisions (2 pending)' })).toBeVisible();
  await expect(timelineEntry(page, 'pgpool 2.4.0 lowered')).toBeVisible();
}

/** Every control the room header can show, each visible: the layout test is only as busy as this. */
async function expectFullHeader(page: Page): Promise<void> {
  const header = page.getByRole('banner');
  for (const control of [
    header.getByRole('button', { name: 'Back to rooms' }),
    header.getByRole('heading', { level: 1, name: LONG_TITLE }),
    header.getByRole('combobox', { name: 'Severity' }),
    header.getByRole('button', { name: 'Triage…' }),
    header.getByRole('combobox', { name: 'Phase' }),
    header.getByLabel('Roles'),
    header.getByRole('timer', { name: 'Next status update' }),
    header.getByRole('timer', { name: 'Elapsed' }),
    header.getByRole('status', { name: 'Connection' }),
    header.getByRole('group', { name: 'Export' }),
    header.getByRole('button', { name: 'Switch to light theme' }),
  ])
    await expect(control).toBeVisible();
  await expect(header.getByLabel('Roles')).toContainText('Bartholomew Fairweather');
  await expect(header.getByRole('status', { name: 'Connection' })).toHaveText('Live');
}

test('the first screen, the room list and a busy room fit their width in both themes; the room header stays one row', async ({
  openUser,
}) => {
  // Two hosts, a relay and Chromium on a 2-core machine, and a dozen screenshots.
  test.setTimeout(300_000);
  mkdirSync(ARTIFACTS, { recursive: true });
  const ic = await openUser('Avery');
  const scribe = await openUser('Priya');
  const page = ic.page;

  await test.step('first screen', async () => {
    await expect(page.getByRole('heading', { name: 'Declare an incident' })).toBeVisible();
    await screenshots(page, 'first-screen');
  });

  await test.step('busy room: the header is one row at every width', async () => {
    await page.setViewportSize({ width: 1400, height: HEIGHT });
    await busyRoom(ic, scribe);
    await expectFullHeader(page);
    for (const width of HEADER_WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      const layout = await page.evaluate<HeaderLayout>(HEADER_LAYOUT);
      expect(layout.items.length, `header items at ${width} px`).toBeGreaterThanOrEqual(10);
      expect(rowProblems(layout, LONG_TITLE), `header at ${width} px`).toEqual([]);
      // The long title gives way (cut with an ellipsis), not the controls.
      expect(layout.titleCut, `title cut at ${width} px`).toBe(true);
    }
    await screenshots(page, 'busy-room');
  });

  await test.step('the decision reason field shows its whole placeholder', async () => {
    for (const width of SCREENSHOT_WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      await expect(page.getByRole('textbox', { name: REASON_FIELD })).toBeVisible();
      const fits = await page.evaluate<boolean>(PLACEHOLDER_FITS(REASON_FIELD));
      expect(fits, `Reason placeholder fits at ${width} px`).toBe(true);
    }
  });

  await test.step('room list', async () => {
    await page.getByRole('button', { name: 'Back to rooms' }).click();
    await declareRoom(page, { title: 'Search latency in eu-west', severity: 'SEV3' });
    await page.getByRole('button', { name: 'Back to rooms' }).click();
    await expect(
      page.getByRole('list', { name: 'Recent rooms' }).getByRole('listitem'),
    ).toHaveCount(2);
    await screenshots(page, 'room-list');
  });
});
