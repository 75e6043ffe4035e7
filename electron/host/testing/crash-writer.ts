/**
 * Child process for the crash test: opens a room and appends timeline entries as fast as it can,
 * printing `saved <id>` only after the append returned (so after SQLite committed it). The parent
 * SIGKILLs it at a random moment and checks that every id printed is in the room.
 *
 * Usage: node --import tsx crash-writer.ts <dataDir> <localId> <idPrefix>
 */
import { writeSync } from 'node:fs';
import { Host } from '../host';
import { appendTestEntry } from './test-fixtures';

const [dataDir, localId, prefix] = process.argv.slice(2);
if (!dataDir || !localId || !prefix) {
  process.stderr.write('usage: crash-writer <dataDir> <localId> <idPrefix>\n');
  process.exit(2);
}

// Small limits so kills also land in the middle of compactions.
const host = Host.open({ dataDir, compaction: { maxUpdates: 40, maxBytes: 64 * 1024 } });
const session = host.openRoom(localId);
writeSync(1, 'ready\n');

const MAX_ENTRIES = 20_000;
for (let i = 0; i < MAX_ENTRIES; i += 1) {
  const id = `${prefix}-${i}`;
  // edit() throws if the append failed: only then may we say "saved".
  session.edit(() =>
    appendTestEntry(session.doc, { id, text: `entry ${id} ${'.'.repeat(i % 50)}`, at: Date.now() }),
  );
  // Synchronous write straight to the pipe: what the parent reads was saved before it was said.
  writeSync(1, `saved ${id}\n`);
  if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
}
writeSync(1, 'done\n');
session.close();
host.close();
