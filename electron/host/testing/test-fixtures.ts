import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { BackoffPolicy } from '../sync/backoff';

/**
 * Integration tests start relay and host processes; a shared 2-core CI machine can be several
 * times slower than a laptop, so their limits are generous (they finish in seconds when idle).
 */
export const INTEGRATION_TIMEOUT_MS = 120_000;

/** Fast retries for tests: a restarted relay is found within a few hundred ms. */
export const TEST_BACKOFF: BackoffPolicy = { baseMs: 50, maxMs: 400, random: Math.random };

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestEntry {
  id: string;
  text: string;
  /** Event time, ms since epoch. */
  at: number;
}

/**
 * A timeline entry as plain Yjs (one Y.Map in the `timeline` Y.Array): the host treats the doc
 * as opaque updates, so its tests need no document model.
 */
export function appendTestEntry(doc: Y.Doc, entry: TestEntry): void {
  doc.transact(() => {
    const map = new Y.Map<string | number>();
    map.set('id', entry.id);
    map.set('text', entry.text);
    map.set('at', entry.at);
    doc.getArray<Y.Map<string | number>>('timeline').push([map]);
  });
}

export function readTestEntries(doc: Y.Doc): TestEntry[] {
  return doc
    .getArray<Y.Map<string | number>>('timeline')
    .toArray()
    .map((map) => ({
      id: String(map.get('id')),
      text: String(map.get('text')),
      at: Number(map.get('at')),
    }));
}

/** The test entries' ids, sorted: what "each edit arrived, once" compares. */
export function testEntryIds(doc: Y.Doc): string[] {
  return readTestEntries(doc)
    .map((entry) => entry.id)
    .sort();
}

/** Event-time order, then id: how the views sort (insertion order never matters). */
export function inEventOrder(entries: TestEntry[]): TestEntry[] {
  return [...entries].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
