/**
 * Scenario 6, the UI in Chromium (web mode): a room with N timeline entries, against the same UI
 * with a small room as the baseline. Time to first render (click "Open room" → first entry
 * painted, and → the whole room read), scroll smoothness (frame intervals while the feed scrolls), and keystroke-to-paint in
 * the quick-entry bar (keydown → the frame after it, taken in the page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import * as Y from 'yjs';
import { spawnWebHost, type WebHost } from '../../e2e/support/spawn-web-host';
import { HEADLESS_CHROMIUM_ARGS } from '../../electron/host/export/chromium-args';
import { Host } from '../../electron/host/host';
import { declaredTestRoom } from '../../shared/fixtures';
import { logEntry } from '../../shared/ops/timeline';
import { percentile } from '../lib/stats';

export interface UiConfig {
  entrySizes: number[];
  keystrokes: number;
  scrollSteps: number;
  /** Each size is measured this many times, the sizes in rotated order per round. */
  rounds: number;
}

export interface UiResult {
  entries: number;
  openToFirstEntryMs: number;
  /** Click → first entry as Playwright's wait saw it, from outside the page (the older method). */
  seenByPlaywrightMs: number;
  /** Click → the whole room read (the feed no longer busy): the replica has synced. */
  openToWholeRoomMs: number;
  scrollFrameP50Ms: number;
  scrollFrameP95Ms: number;
  /** Share of scroll frames longer than 1.5 × 16.7 ms. */
  scrollJankShare: number;
  keyToPaintP50Ms: number;
  keyToPaintP95Ms: number;
  keystrokes: number;
}

/** A room file holding a declared incident with `entries` timeline entries, in one update. */
async function buildRoom(dataDir: string, entries: number): Promise<string> {
  const room = declaredTestRoom({ title: `UI bench ${entries}` });
  for (let i = 0; i < entries; i += 1) {
    room.clock.advanceMinutes(0.05);
    logEntry(room.doc, i % 2 === 0 ? room.ops : room.scribe, {
      text: `Entry ${i}: error rate ${(i % 97) / 10} % on checkout-api; replica lag ${i % 31} s`,
      kind: 'observation',
    });
  }
  const host = Host.open({ dataDir, measureClock: false, watchNetworkMs: false });
  const record = await host.createRoom({ title: `UI bench ${entries}` });
  const session = host.openRoom(record.localId);
  Y.applyUpdate(session.doc, Y.encodeStateAsUpdate(room.doc));
  // Folded as a room that grew to this size would be (the log's limits are 500 updates or 4 MiB):
  // otherwise the first open in web mode would fold this one 4.7 MB update while being measured.
  session.compactNow();
  session.close();
  host.close();
  return `UI bench ${entries}`;
}

// Page scripts are string expressions: bench/ is typed for Node, without the DOM.
const SCROLL_SCRIPT = (steps: number) => `(async () => {
  const feed = document.querySelector('[role="feed"][aria-label="Timeline entries"]');
  const frames = [];
  let last = performance.now();
  let running = true;
  const tick = (t) => { frames.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  for (let i = 0; i < ${steps}; i += 1) {
    feed.scrollTop = i % 2 === 0 ? feed.scrollTop + 600 : feed.scrollTop + 300;
    await new Promise((r) => requestAnimationFrame(r));
  }
  running = false;
  return frames.slice(2);
})()`;

/**
 * Click → first timeline entry painted, taken in the page: from the click event's timestamp to a
 * message posted from the animation frame after the first entry entered the DOM (so after that
 * frame's rendering work), the same way keystroke → paint is taken. Playwright's own wait polls
 * from outside the page, on a machine where the host may be loading the rest of the room.
 */
const FIRST_ENTRY_SCRIPT = `(() => {
  window.__open = { click: null, painted: null };
  document.addEventListener('click', (event) => {
    if (window.__open.click === null) window.__open.click = event.timeStamp;
  }, true);
  const feedEntry = () => document.querySelector('[role="feed"][aria-label="Timeline entries"] article');
  const observer = new MutationObserver(() => {
    if (!feedEntry()) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (window.__open.painted = performance.now());
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
})()`;

const KEY_PAINT_SCRIPT = `(() => {
  window.__keyToPaint = [];
  document.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__keyToPaint.push(performance.now() - start);
      channel.port2.postMessage(0);
    });
  }, true);
})()`;

async function measureRoom(entries: number, config: UiConfig): Promise<UiResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  let web: WebHost | null = null;
  try {
    const title = await buildRoom(dataDir, entries);
    web = await spawnWebHost({ dataDir, name: 'Bench' });
    return await measureInBrowser(web.url, title, entries, config);
  } finally {
    // null when building the room or starting web mode failed.
    await web?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureInBrowser(
  url: string,
  title: string,
  entries: number,
  config: UiConfig,
): Promise<UiResult> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...HEADLESS_CHROMIUM_ARGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    const open = page.getByRole('button', { name: `Open room ${title}` });
    await open.waitFor({ timeout: 60_000 });
    await page.evaluate(FIRST_ENTRY_SCRIPT);
    const start = performance.now();
    await open.click();
    const feed = page.getByRole('feed', { name: 'Timeline entries' });
    await feed.getByRole('article').first().waitFor({ timeout: 120_000 });
    const seenByPlaywrightMs = performance.now() - start;
    await page.waitForFunction('window.__open.painted !== null', null, { timeout: 10_000 });
    const opened = await page.evaluate<{ click: number; painted: number }>('window.__open');
    const openToFirstEntryMs = opened.painted - opened.click;
    // A big room paints its newest entries first (the host's kept first screen); scrolling and
    // typing are measured once the whole room is there.
    await page
      .locator('[role="feed"][aria-label="Timeline entries"][aria-busy="false"]')
      .waitFor({ timeout: 120_000 });
    const openToWholeRoomMs = performance.now() - start;

    const frames = await page.evaluate<number[]>(SCROLL_SCRIPT(config.scrollSteps));

    const box = page.getByRole('textbox', { name: 'Entry text' });
    await box.click();
    await page.evaluate(KEY_PAINT_SCRIPT);
    const text = 'Rolled back checkout-api to v41 after the error rate doubled';
    await page.keyboard.type(
      text.repeat(Math.ceil(config.keystrokes / text.length)).slice(0, config.keystrokes),
      {
        delay: 60,
      },
    );
    await page.waitForTimeout(300);
    const keyToPaint = await page.evaluate<number[]>('window.__keyToPaint');
    return {
      entries,
      openToFirstEntryMs,
      seenByPlaywrightMs,
      openToWholeRoomMs,
      scrollFrameP50Ms: percentile(frames, 50),
      scrollFrameP95Ms: percentile(frames, 95),
      scrollJankShare: frames.filter((f) => f > 25).length / Math.max(1, frames.length),
      keyToPaintP50Ms: percentile(keyToPaint, 50),
      keyToPaintP95Ms: percentile(keyToPaint, 95),
      keystrokes: keyToPaint.length,
    };
  } finally {
    await browser.close();
  }
}

export async function runUi(config: UiConfig, log: (line: string) => void): Promise<UiResult[]> {
  const results: UiResult[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    const sizes = config.entrySizes;
    // Rotated per round, so no size always runs first (on a fresh page cache, say).
    const order = sizes.map((_, i) => sizes[(i + round) % sizes.length]!);
    for (const entries of order) {
      const result = await measureRoom(entries, config);
      results.push(result);
      log(
        `ui round ${round + 1}, ${entries} entries: first entry ${result.openToFirstEntryMs.toFixed(0)} ms, ` +
          `whole room ${result.openToWholeRoomMs.toFixed(0)} ms, scroll frame p95 ${result.scrollFrameP95Ms.toFixed(1)} ms, ` +
          `key→paint p95 ${result.keyToPaintP95Ms.toFixed(1)} ms`,
      );
    }
  }
  return results;
}
