import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import type { SimulatedUser } from './fixtures';

/**
 * Steps the UI specs share, written the way a person works: by role and accessible name only,
 * never by CSS class, so a control without a name fails the test.
 */
export async function declareRoom(
  page: Page,
  input: { title: string; severity: string; incidentType?: string; service?: string },
): Promise<void> {
  await page.getByRole('textbox', { name: 'Title' }).fill(input.title);
  await page.getByRole('combobox', { name: 'Severity' }).selectOption(input.severity);
  if (input.incidentType) {
    await page.getByRole('combobox', { name: 'Incident type' }).selectOption(input.incidentType);
  }
  if (input.service)
    await page.getByRole('textbox', { name: 'Affected service' }).fill(input.service);
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page.getByRole('heading', { level: 1, name: input.title })).toBeVisible();
}

/**
 * Copies the room's write invite through the UI and returns the link from the clipboard. `press`
 * does the click, so a spec counting a person's interactions can count it.
 */
export async function copyInvite(
  user: SimulatedUser,
  access: 'write' | 'read' = 'write',
  press: (button: Locator) => Promise<void> = (button) => button.click(),
): Promise<string> {
  await user.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await press(
    user.page
      .getByRole('button', { name: access === 'write' ? 'Copy invite' : 'Copy read-only invite' })
      .first(),
  );
  await expect(user.page.getByRole('status').filter({ hasText: /invite copied/i })).toBeVisible();
  // A string expression: e2e code is typed for node, and this runs in the page.
  return user.page.evaluate<string>('navigator.clipboard.readText()');
}

/** The field of the Roles panel where a role's next holder is typed or picked. */
export function holderField(page: Page, role: string): Locator {
  return page.getByRole('combobox', { name: `${role}: new holder` });
}

/** A person offered for a role in the field's open list (the people here, then recent names). */
export function holderOption(page: Page, role: string, name: string): Locator {
  return page
    .getByRole('listbox', { name: `People for ${role}: new holder` })
    .getByRole('option', { name, exact: true });
}

/** A person's presence in the header, whose name says their roles: "Jane, Operations lead". */
export function presenceOf(page: Page, name: string): Locator {
  return page.getByRole('list', { name: 'People in the room' }).getByRole('listitem', {
    name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(, |$)`),
  });
}

export async function joinRoom(page: Page, invite: string, title: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Invite link' }).fill(invite);
  await page.getByRole('button', { name: 'Join room' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Logs an entry from the quick-entry bar; `at` is a UTC "HH:MM[:SS]" event time. */
export async function logEntry(
  page: Page,
  text: string,
  options: { at?: string; kind?: string } = {},
): Promise<void> {
  const entry = page.getByRole('textbox', { name: 'Entry text' });
  await entry.fill(text);
  if (options.kind)
    await page.getByRole('combobox', { name: 'Entry kind' }).selectOption(options.kind);
  if (options.at) await page.getByRole('textbox', { name: 'Event time (UTC)' }).fill(options.at);
  await entry.press('Enter');
  await expect(entry).toHaveValue('');
}

export function timelineEntry(page: Page, text: string) {
  return page
    .getByRole('feed', { name: 'Timeline entries' })
    .getByRole('article')
    .filter({ hasText: text });
}

/** The texts of the visible timeline entries, top to bottom. */
export async function timelineTexts(page: Page): Promise<string[]> {
  const rows = page.getByRole('feed', { name: 'Timeline entries' }).getByRole('article');
  return (await rows.allTextContents()).map((text) => text.trim());
}

/** The few DOM members editorText uses; e2e code is typed for Node, without the DOM library. */
interface EditorDomNode {
  cloneNode(deep: boolean): EditorDomNode;
  querySelectorAll(selector: string): Iterable<EditorDomNode>;
  remove(): void;
  textContent: string | null;
}

/**
 * The text of a collaborative editor without the other people's caret labels, which
 * y-codemirror draws inline (so an element's textContent would include their names).
 */
export async function editorText(page: Page, label: string): Promise<string> {
  return page.getByRole('textbox', { name: label }).evaluate((element) => {
    const copy = (element as unknown as EditorDomNode).cloneNode(true);
    for (const caret of copy.querySelectorAll('.cm-ySelectionCaret')) caret.remove();
    return [...copy.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n');
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A room's Join button in the Team rooms list: its name says title, severity and age. */
export function teamJoinButton(page: Page, title: string, severity: string): Locator {
  return page.getByRole('list', { name: 'Team rooms' }).getByRole('button', {
    name: new RegExp(`^Join ${escapeRegExp(title)}, ${severity}, opened `),
  });
}

/** A room's row in the Team rooms list. */
export function teamRoomRow(page: Page, title: string): Locator {
  return page
    .getByRole('list', { name: 'Team rooms' })
    .getByRole('listitem')
    .filter({ hasText: title });
}

/** Every user's team list offers the room within 2 s of `since` (ms since the epoch). */
export async function expectTeamRoomWithin2s(
  users: readonly SimulatedUser[],
  title: string,
  severity: string,
  since: number,
): Promise<void> {
  await Promise.all(
    users.map((user) =>
      expect(teamJoinButton(user.page, title, severity)).toBeVisible({ timeout: 2_000 }),
    ),
  );
  expect(Date.now() - since).toBeLessThan(2_000);
}
