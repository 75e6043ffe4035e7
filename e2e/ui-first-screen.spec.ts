import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { Host } from '../electron/host/host';
import { declaredTestRoom } from '../shared/fixtures';
import { logEntry } from '../shared/ops';
import { readRoom } from '../shared/read';
import { spawnWebHost, type WebHost } from './support/spawn-web-host';

const ENTRIES = 400;
const TITLE = 'Checkout 500s after deploy';

/** A data folder holding one declared room of ENTRIES entries, closed as the app closes it. */
async function dataDirWithBigRoom(): Promise<{ dataDir: string; total: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-first-screen-'));
  const room = declaredTestRoom({ title: TITLE });
  for (let i = 0; i < ENTRIES; i += 1) {
    room.clock.advanceMinutes(0.1);
    logEntry(room.doc, room.scribe, {
      text: `checkout error rate ${i} per mille`,
      kind: 'observation',
    });
  }
  const host = Host.open({ dataDir, measureClock: false, watchNetworkMs: false });
  const record = await host.createRoom({ title: TITLE });
  const session = host.openRoom(record.localId);
  Y.applyUpdate(session.doc, Y.encodeStateAsUpdate(room.doc));
  session.close();
  host.close();
  return { dataDir, total: readRoom(room.doc).timeline.length };
}

test.describe('opening a room on its first screen', () => {
  let web: WebHost | null = null;
  let dataDir = '';

  test.afterEach(async () => {
    await web?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('paints the room from the first screen its host kept, then the whole room, and logs', async ({
    page,
  }) => {
    const built = await dataDirWithBigRoom();
    dataDir = built.dataDir;
    web = await spawnWebHost({ dataDir, name: 'Sam (scribe)' });

    // What the host answered to the window's room.preview request, read off the channel.
    const previews: Array<{ timelineTotal: number; newest: string | undefined }> = [];
    const previewIds = new Set<number>();
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        const message = parseJson(frame.payload);
        if (message?.method === 'room.preview' && typeof message.id === 'number')
          previewIds.add(message.id);
      });
      socket.on('framereceived', (frame) => {
        const message = parseJson(frame.payload);
        if (message?.kind !== 'response' || !previewIds.has(message.id as number)) return;
        const result = message.result as {
          timelineTotal: number;
          parts: { timeline: Array<{ text: string }> };
        } | null;
        if (result)
          previews.push({
            timelineTotal: result.timelineTotal,
            newest: result.parts.timeline.at(-1)?.text,
          });
      });
    });

    await page.goto(web.url);
    await page.getByRole('button', { name: new RegExp(`^Open room ${TITLE}`) }).click();
    const feed = page.getByRole('feed', { name: 'Timeline entries' });
    await expect(feed.getByText(`checkout error rate ${ENTRIES - 1} per mille`)).toBeVisible();
    // Polled: the channel's frame events and the page's DOM reach this process separately.
    await expect
      .poll(() => previews)
      .toEqual([
        { timelineTotal: built.total, newest: `checkout error rate ${ENTRIES - 1} per mille` },
      ]);

    // The replica syncs: the whole timeline, and the room can be written.
    await expect(feed).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByText(`${built.total} entries`, { exact: true })).toBeVisible();
    const text = page.getByRole('textbox', { name: 'Entry text' });
    await text.fill('Rolled back checkout-api to v41');
    await text.press('Enter');
    await expect(page.getByText(`${built.total + 1} entries`, { exact: true })).toBeVisible();
    await expect(feed.getByText('Rolled back checkout-api to v41')).toBeVisible();
  });
});

function parseJson(payload: string | Buffer): Record<string, unknown> | null {
  if (typeof payload !== 'string') return null;
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
