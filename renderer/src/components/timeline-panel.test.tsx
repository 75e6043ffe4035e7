// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logEntry, pinEntry } from '../../../shared/ops';
import { openTestRoom, TEST_PEOPLE, type TestRoom } from '../testing/open-test-room';
import { TimelinePanel } from './timeline-panel';

// jsdom lays nothing out: every box is 0 px, so a virtualizer would think everything fits. These
// stand-ins give the timeline's scroller a 400 px viewport and each row 50 px, the numbers a
// browser would measure; the rows, the store and the document are the real ones. The
// real-browser geometry (rows of any height never overlap) is e2e/ui-timeline-rows.spec.ts.
const VIEWPORT_PX = 400;
const ROW_PX = 50;
const scrollTops = new WeakMap<Element, number>();

const isScroller = (element: Element) => element.classList.contains('timeline__scroller');
const contentHeight = (scroller: Element) =>
  Number.parseFloat((scroller.firstElementChild as HTMLElement | null)?.style.height ?? '0') || 0;

function scrollScroller(scroller: Element, top: number): void {
  const max = Math.max(0, contentHeight(scroller) - VIEWPORT_PX);
  scrollTops.set(scroller, Math.min(Math.max(0, top), max));
  scroller.dispatchEvent(new Event('scroll'));
}

beforeEach(() => {
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return isScroller(this) ? VIEWPORT_PX : 0;
  });
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockImplementation(function (this: Element) {
    return isScroller(this) ? 800 : 0;
  });
  vi.spyOn(Element.prototype, 'scrollHeight', 'get').mockImplementation(function (this: Element) {
    return isScroller(this) ? contentHeight(this) : 0;
  });
  vi.spyOn(Element.prototype, 'scrollTop', 'get').mockImplementation(function (this: Element) {
    return scrollTops.get(this) ?? 0;
  });
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (
    this: HTMLElement,
  ) {
    return this.dataset.index === undefined ? 0 : ROW_PX;
  });
  // jsdom has no Element#scrollTo; the virtualizer scrolls with it.
  Element.prototype.scrollTo = function (this: Element, options?: ScrollToOptions | number) {
    scrollScroller(this, typeof options === 'object' ? (options.top ?? 0) : 0);
  };
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  Reflect.deleteProperty(Element.prototype, 'scrollTo');
  sessionStorage.clear();
});

/** Logs `count` entries one minute apart, in one transaction (one sync update to the replica). */
function logMany(room: TestRoom, count: number, startMs: number): void {
  room.hostDoc.transact(() => {
    for (let index = 0; index < count; index += 1) {
      logEntry(room.hostDoc, room.as(TEST_PEOPLE.omar), {
        text: `Entry ${String(index + 1).padStart(3, '0')}`,
        at: startMs + index * 60_000,
      });
    }
  });
}

function logOne(room: TestRoom, text: string, atMs: number): void {
  logEntry(room.hostDoc, room.as(TEST_PEOPLE.omar), { text, at: atMs });
}

async function openTimeline() {
  // Declared before the entries these tests log, so the declaration's two entries (the
  // declaration and the IC taking the role) come first.
  const room = await openTestRoom({ declare: { at: DECLARED_MS } });
  room.render(<TimelinePanel />);
  const feed = await screen.findByRole('feed', { name: 'Timeline entries' });
  return { room, feed };
}

const renderedTexts = (feed: HTMLElement) =>
  within(feed)
    .queryAllByRole('article')
    .map((row) => row.querySelector('.entry__text')?.textContent ?? '');

// Back-dated entries must not be in the future for the operations: two days ago, on the minute.
const START_MS = Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000;
const DECLARED_MS = START_MS - 60 * 60_000;

describe('the timeline panel', () => {
  it('renders only a window of a long timeline, starting at the newest entry', async () => {
    const { room, feed } = await openTimeline();
    act(() => logMany(room, 300, START_MS));
    await screen.findByText('302 entries');
    await vi.waitFor(() => expect(renderedTexts(feed)).toContain('Entry 300'));
    const rendered = renderedTexts(feed);
    // 400 px of 50 px rows is 8 on screen; the overscan adds 12 on each side that exists.
    expect(rendered.length).toBeGreaterThanOrEqual(8);
    expect(rendered.length).toBeLessThanOrEqual(8 + 2 * 12 + 1);
    expect(rendered).not.toContain('Entry 001');
    expect(rendered.at(-1)).toBe('Entry 300');
  });

  it('shows other entries when scrolled, and jumps to the start and back to the end', async () => {
    const { room, feed } = await openTimeline();
    act(() => logMany(room, 300, START_MS));
    await vi.waitFor(() => expect(renderedTexts(feed)).toContain('Entry 300'));

    act(() => scrollScroller(feed, 0));
    await vi.waitFor(() => expect(renderedTexts(feed)).toContain('Entry 001'));
    expect(renderedTexts(feed)).not.toContain('Entry 300');
    // The declaration is the oldest entry: it comes first.
    expect(renderedTexts(feed)[0]).toMatch(/^Incident declared/);

    // Entry 150 is the 152nd row (after the declaration's two), 7,550 px down.
    act(() => scrollScroller(feed, 150 * ROW_PX));
    await vi.waitFor(() => expect(renderedTexts(feed)).toContain('Entry 150'));
    expect(renderedTexts(feed)).not.toContain('Entry 001');
    expect(renderedTexts(feed)).not.toContain('Entry 300');

    act(() => scrollScroller(feed, Number.MAX_SAFE_INTEGER));
    await vi.waitFor(() => expect(renderedTexts(feed)).toContain('Entry 300'));
  });

  it('follows new entries while at the bottom, and stays put while reading further up', async () => {
    const { room, feed } = await openTimeline();
    act(() => logMany(room, 100, START_MS));
    await vi.waitFor(() => expect(renderedTexts(feed)).toContain('Entry 100'));
    // A newer entry arrives while the reader is at the bottom: it is shown.
    act(() => logOne(room, 'Newest while at the bottom', START_MS + 200 * 60_000));
    await screen.findByText('103 entries');
    await vi.waitFor(() => expect(renderedTexts(feed).at(-1)).toBe('Newest while at the bottom'));

    act(() => scrollScroller(feed, 0));
    await vi.waitFor(() => expect(renderedTexts(feed)[0]).toMatch(/^Incident declared/));
    act(() => logOne(room, 'Newest while reading up', START_MS + 300 * 60_000));
    await screen.findByText('104 entries');
    expect(renderedTexts(feed)[0]).toMatch(/^Incident declared/);
    expect(renderedTexts(feed)).not.toContain('Newest while reading up');
  });

  it('orders entries by event time, whatever order they were logged in', async () => {
    const { room, feed } = await openTimeline();
    act(() => {
      for (const [text, minute] of [
        ['third', 30],
        ['first', 10],
        ['second', 20],
      ] as const) {
        logOne(room, text, START_MS + minute * 60_000);
      }
    });
    await screen.findByText('5 entries');
    await vi.waitFor(() => expect(renderedTexts(feed)).toHaveLength(5));
    expect(renderedTexts(feed).slice(2)).toEqual(['first', 'second', 'third']);
  });

  it('filters by kind and by pin, says how many match, and clears the filters', async () => {
    const { room, feed } = await openTimeline();
    act(() => {
      const { id } = logEntry(room.hostDoc, room.as(TEST_PEOPLE.omar), {
        text: 'Rolled back',
        kind: 'action',
        at: START_MS,
      });
      logEntry(room.hostDoc, room.as(TEST_PEOPLE.omar), { text: 'Errors at 12%', at: START_MS });
      pinEntry(room.hostDoc, room.as(TEST_PEOPLE.omar), { id });
    });
    await screen.findByText('4 entries');
    const filters = screen.getByRole('group', { name: 'Timeline filters' });

    fireEvent.click(within(filters).getByRole('button', { name: 'Note' }));
    await screen.findByText('1 of 4 entries');
    expect(renderedTexts(feed)).toEqual(['Errors at 12%']);

    fireEvent.click(within(filters).getByRole('button', { name: 'Pinned only' }));
    await screen.findByText('0 of 4 entries');
    expect(within(feed).getByText('No entries match the filters.')).toBeTruthy();

    fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await screen.findByText('4 entries');
    expect(renderedTexts(feed)).toHaveLength(4);
  });

  it('says so when nothing is logged yet', async () => {
    const room = await openTestRoom({ declare: false });
    room.render(<TimelinePanel />);
    expect((await screen.findByRole('feed', { name: 'Timeline entries' })).textContent).toBe(
      'Nothing logged yet.',
    );
  });
});
