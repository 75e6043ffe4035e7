/**
 * One person's app in the chaos run, as its own process so the parent can SIGKILL it: a real
 * `Host` on its own data folder, joined to the room through this person's fault proxy, doing
 * random operations through shared/ops while told to run.
 *
 * Usage: node --import tsx chaos-host.ts <dataDir> <personIndex> <seed> [invite]
 * stdin (one command a line): run | pause | report | exit
 * stdout (one line each, written synchronously so a kill cannot lose a line already said):
 *   ready <localId>
 *   saved entry <id>         after session.edit() returned, so after SQLite committed it
 *   saved decision <id>
 *   ok <kind>                any other operation the room accepted (and saved)
 *   refused <code>           an operation the room refused (an OperationError): expected
 *   failed <message>         anything else (an append that failed): counted as a defect
 *   report <json>            state vector, digest, status
 */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { ENTRY_KINDS, ROLES, SEVERITIES } from '../../shared/doc/enums';
import type { Person } from '../../shared/doc/types';
import {
  approveDecision,
  assignRole,
  editEntry,
  isOperationError,
  logEntry,
  proposeDecision,
  rejectDecision,
  setSeverity,
  setStatusDraft,
} from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { Host, operationContextFor, type RoomSession } from '../../electron/host';
import { pick, randomInt, seededRandom, type Random } from '../fault-proxy/seeded-random';
import { PEOPLE, type HostReport } from './chaos-people';
import { roomDigest } from './room-digest';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

function main(): void {
  const [dataDir, indexText, seedText, invite] = process.argv.slice(2);
  const index = Number(indexText);
  const person = PEOPLE[index];
  if (!dataDir || !person || !seedText) {
    process.stderr.write('usage: chaos-host <dataDir> <personIndex> <seed> [invite]\n');
    process.exit(2);
  }
  const random = seededRandom(Number(seedText));
  const host = Host.open({
    dataDir,
    backoff: { baseMs: 50, maxMs: 800, random },
    watchNetworkMs: false,
    // Small limits so kills also land in the middle of compactions.
    compaction: { maxUpdates: 60, maxBytes: 256 * 1024 },
  });
  const existing = host.listRooms()[0];
  const record = existing ?? (invite ? host.joinRoom(invite) : null);
  if (!record) {
    process.stderr.write('no room in this data folder and no invite given\n');
    process.exit(2);
  }
  const session = host.openRoom(record.localId);
  say(`ready ${record.localId}`);

  let timer: NodeJS.Timeout | null = null;
  let serial = 0;
  const loop = (): void => {
    timer = setTimeout(
      () => {
        serial += 1;
        randomOperation(session, person, random, `${index}.${serial}`);
        loop();
      },
      15 + randomInt(random, 90),
    );
  };

  const lines = createInterface({ input: process.stdin });
  // The parent went away (its own crash): leave cleanly rather than linger as an orphan.
  lines.on('close', () => {
    if (timer !== null) clearTimeout(timer);
    session.close();
    host.close();
    process.exit(0);
  });
  lines.on('line', (command) => {
    switch (command.trim()) {
      case 'run':
        if (timer === null) loop();
        break;
      case 'pause':
        if (timer !== null) clearTimeout(timer);
        timer = null;
        break;
      case 'report': {
        const status = session.status();
        const report: HostReport = {
          stateVector: Buffer.from(Y.encodeStateVector(session.doc)).toString('base64'),
          digest: roomDigest(session.doc),
          entries: readRoom(session.doc, { now: 0 }).timeline.length,
          connection: status.connection,
          pendingToRelay: status.pendingToRelay,
          saveError: status.saveError,
          refusal: status.refusal,
        };
        say(`report ${JSON.stringify(report)}`);
        break;
      }
      case 'exit':
        if (timer !== null) clearTimeout(timer);
        session.close();
        host.close();
        process.exit(0);
    }
  });
}

/** One random thing a person in an incident does, through the same operations the app uses. */
function randomOperation(session: RoomSession, person: Person, random: Random, tag: string): void {
  const ctx = operationContextFor(session, person);
  const doc = session.doc;
  const room = readRoom(doc);
  if (!room.declared) {
    // Nobody declared yet (this replica has not synced): only the IC may start the room.
    return;
  }
  const roll = random();
  try {
    if (roll < 0.45) {
      const { id } = session.edit(() =>
        logEntry(doc, ctx, {
          text: `${person.name} note ${tag}: ${'checked the dashboards '.repeat(randomInt(random, 4))}`,
          kind: pick(random, ENTRY_KINDS),
          // Backdated a little, as people log what happened a minute ago.
          at: session.now() - randomInt(random, 20 * 60_000),
        }),
      );
      say(`saved entry ${id}`);
    } else if (roll < 0.5) {
      const mine = room.timeline.filter((entry) => entry.recorder.id === person.id);
      if (mine.length === 0) return;
      const target = pick(random, mine);
      session.edit(() =>
        editEntry(doc, ctx, { id: target.id, text: `${target.text} (fixed ${tag})` }),
      );
      say('ok edit');
    } else if (roll < 0.68) {
      const draft = room.status.draft;
      const at = randomInt(random, draft.length + 1);
      const cut = random() < 0.3 ? randomInt(random, Math.min(12, draft.length - at) + 1) : 0;
      const text = `${draft.slice(0, at)} [${tag}]${draft.slice(at + cut)}`.slice(0, 3000);
      session.edit(() => setStatusDraft(doc, ctx, { text }));
      say('ok status');
    } else if (roll < 0.78) {
      const { id } = session.edit(() =>
        proposeDecision(doc, ctx, { proposal: `Try fix ${tag}`, risk: 'low' }),
      );
      say(`saved decision ${id}`);
    } else if (roll < 0.86) {
      const open = room.decisions.filter((decision) => decision.status === 'proposed');
      if (open.length === 0) return;
      const decision = pick(random, open);
      if (random() < 0.6) session.edit(() => approveDecision(doc, ctx, { id: decision.id }));
      else session.edit(() => rejectDecision(doc, ctx, { id: decision.id, reason: `no (${tag})` }));
      say('ok decide');
    } else if (roll < 0.96) {
      session.edit(() =>
        assignRole(doc, ctx, { role: pick(random, ROLES), person: pick(random, PEOPLE) }),
      );
      say('ok role');
    } else {
      session.edit(() => setSeverity(doc, ctx, { severity: pick(random, SEVERITIES) }));
      say('ok severity');
    }
  } catch (error) {
    if (isOperationError(error)) say(`refused ${error.code}`);
    else say(`failed ${error instanceof Error ? error.message : String(error)}`);
  }
}

main();
