/**
 * Invariant 1 under the harshest local failure: the host process is SIGKILLed in the middle of a
 * burst of appends (and of compactions). Everything it reported saved must be there afterwards.
 * CRASH_ROUNDS=200 npx vitest run electron/host/crash.int.test.ts for a long run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Host } from './host';
import { RoomStore } from './store/room-store';
import { readTestEntries, tempDir } from './testing/test-fixtures';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10);
const WRITER = fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RoundResult {
  reportedSaved: string[];
  killedAfterMs: number;
}

function runWriterAndKill(dataDir: string, localId: string, prefix: string): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, localId, prefix], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | null = null;
    let killedAfterMs = 0;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (killTimer === null && stdout.includes('ready\n')) {
        // Anywhere from the first append to well into the burst.
        killedAfterMs = Math.floor(Math.random() * 600);
        killTimer = setTimeout(() => child.kill('SIGKILL'), killedAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      if (killTimer) clearTimeout(killTimer);
      if (signal !== 'SIGKILL') {
        reject(
          new Error(`writer ended with ${code ?? signal} instead of being killed:\n${stderr}`),
        );
        return;
      }
      const reportedSaved = [...stdout.matchAll(/^saved (\S+)$/gm)].map((match) => match[1] ?? '');
      resolve({ reportedSaved, killedAfterMs });
    });
  });
}

describe('crash', () => {
  const dir = tempDir('ir-crash-');
  afterAll(() => dir.remove());

  it(
    `keeps every entry reported saved when the host is SIGKILLed mid-burst (${ROUNDS} rounds)`,
    async () => {
      const setup = Host.open({ dataDir: dir.path });
      const room = await setup.createRoom({ title: 'crash drill' });
      setup.close();

      const allSaved: string[] = [];
      let roundsWithWrites = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const { reportedSaved } = await runWriterAndKill(dir.path, room.localId, `r${round}`);
        if (reportedSaved.length > 0) roundsWithWrites += 1;
        allSaved.push(...reportedSaved);

        const host = Host.open({ dataDir: dir.path });
        const session = host.openRoom(room.localId);
        const present = new Set(readTestEntries(session.doc).map((entry) => entry.id));
        const missing = allSaved.filter((id) => !present.has(id));
        session.close();
        host.close();
        expect(missing, `round ${round}: reported saved but missing`).toEqual([]);
        expect(present.size).toBeGreaterThanOrEqual(allSaved.length);
      }
      // A test that never killed a writer mid-burst would prove nothing.
      expect(roundsWithWrites).toBeGreaterThan(ROUNDS / 2);
      // The writers compacted along the way, so kills also fell around compactions.
      const store = new RoomStore(join(dir.path, 'rooms', `${room.localId}.sqlite`));
      expect(store.loadState().snapshot).not.toBeNull();
      store.close();
    },
    Math.max(120_000, ROUNDS * 15_000),
  );
});
