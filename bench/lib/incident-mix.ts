import * as Y from 'yjs';
import { roomRoots } from '../../shared/doc/roots';
import type { OperationContext } from '../../shared/ops/context';
import { appendEntryChange, appendTimelineEntry } from '../../shared/ops/timeline-writer';
import { seededRandom } from '../../reliability/fault-proxy/seeded-random';
import { ENTRY_TEXTS } from './entries';

/**
 * The share of each kind of update in a long incident's log, per update.
 *
 * Why ~3 % entries: the status draft is edited in CodeMirror bound to the Y.Text
 * (y-codemirror.next), so every keystroke is its own update, while the quick-entry bar keeps its
 * text local and commits a whole entry as one update. Over an 8-hour incident a scribe logs
 * roughly one entry a minute at the busy times (~400 entries), and the comms lead rewrites the
 * status draft every 30 minutes (16 updates of ~600 characters, with corrections: ~13,000
 * keystrokes). 400 / 13,400 ≈ 3 %. Pins and edits of entries are rarer still (~0.5 %).
 */
export const INCIDENT_MIX = {
  entry: 0.03,
  pinOrEdit: 0.005,
  /** Of the keystrokes: a backspace (deletes the character before the cursor). */
  backspace: 0.08,
  /** Of the keystrokes: the cursor first jumps elsewhere in the draft (a click, arrow keys). */
  cursorJump: 0.02,
  /** Of the keystrokes: typed over a selection of 5–60 characters (one delete+insert update). */
  replaceSelection: 0.005,
  /** Past this length the comms lead deletes an old paragraph (one update) before typing on. */
  draftMaxChars: 1_500,
} as const;

const TYPED = 'We are investigating elevated error rates on checkout. Payments are delayed. ';

export interface IncidentMixCounts {
  keystrokes: number;
  entries: number;
  pinsAndEdits: number;
}

/**
 * `count` updates shaped like a long incident's log (see INCIDENT_MIX): the status draft typed
 * keystroke by keystroke, timeline entries written by the app's own writer (format 2 records,
 * as the app logs them), and a few pins and edits (change records). Three writers, as in a real room: the comms
 * lead types, the scribe logs, the IC pins and edits. Plain Yjs on one doc (switching its
 * clientID per writer), so 100k updates build in seconds.
 */
export function incidentMixUpdates(count: number): {
  updates: Uint8Array[];
  counts: IncidentMixCounts;
} {
  const doc = new Y.Doc();
  const roots = roomRoots(doc);
  const draft = roots.statusDraft;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  // Deterministic, so every run measures the same fixture.
  const rand = seededRandom(8);
  const counts: IncidentMixCounts = { keystrokes: 0, entries: 0, pinsAndEdits: 0 };
  const start = Date.parse('2026-03-24T02:47:00.000Z');
  let now = start;
  const ctx = (id: string, name: string): OperationContext => ({
    actor: { id, name },
    now: () => now,
    clockOffsetMs: 0,
  });
  const writers = {
    comms: { clientId: 2, ctx: ctx('u-comms', 'Cleo') },
    scribe: { clientId: 3, ctx: ctx('u-scribe', 'Sol') },
    ic: { clientId: 4, ctx: ctx('u-ic', 'Ines') },
  };
  // What the IC works on: each logged entry's id, text and whether it is pinned.
  const entries: Array<{ id: string; text: string; pinned: boolean }> = [];
  let cursor = 0;
  let typed = 0;

  while (updates.length < count) {
    now += 1_000;
    const roll = rand();
    if (roll < INCIDENT_MIX.entry || entries.length === 0) {
      doc.clientID = writers.scribe.clientId;
      const text = `${ENTRY_TEXTS[counts.entries % ENTRY_TEXTS.length] ?? ''} (#${counts.entries})`;
      doc.transact(() => {
        const id = appendTimelineEntry(roots, writers.scribe.ctx, {
          kind: 'observation',
          text,
          at: new Date(now).toISOString(),
        });
        entries.push({ id, text, pinned: false });
      });
      counts.entries += 1;
      continue;
    }
    if (roll < INCIDENT_MIX.entry + INCIDENT_MIX.pinOrEdit) {
      // One of the last 50 entries, as the IC works on what just happened.
      const entry = entries[entries.length - 1 - Math.floor(rand() * Math.min(50, entries.length))];
      if (!entry) continue;
      const by = { id: 'u-ic', name: 'Ines' };
      const at = new Date(now).toISOString();
      doc.clientID = writers.ic.clientId;
      // What pinEntry and editEntry write: one change record each.
      doc.transact(() => {
        if (rand() < 0.5) {
          entry.pinned = !entry.pinned;
          appendEntryChange(roots, {
            type: 'pin',
            entryId: entry.id,
            pinned: entry.pinned,
            by,
            at,
          });
        } else {
          const to = `${entry.text} (corrected)`;
          appendEntryChange(roots, {
            type: 'edit',
            entryId: entry.id,
            field: 'text',
            from: entry.text,
            to,
            by,
            at,
          });
          entry.text = to;
        }
      });
      counts.pinsAndEdits += 1;
      continue;
    }
    // A keystroke in the status draft, one update each, as the CodeMirror binding produces.
    doc.clientID = writers.comms.clientId;
    const length = draft.length;
    if (rand() < INCIDENT_MIX.cursorJump) cursor = Math.floor(rand() * (length + 1));
    cursor = Math.min(cursor, length);
    if (length > INCIDENT_MIX.draftMaxChars) {
      const span = 200 + Math.floor(rand() * 400);
      const from = Math.floor(rand() * (length - span));
      draft.delete(from, span);
      cursor = from;
    } else if (rand() < INCIDENT_MIX.backspace && cursor > 0) {
      draft.delete(cursor - 1, 1);
      cursor -= 1;
    } else if (rand() < INCIDENT_MIX.replaceSelection && length - cursor > 5) {
      const span = Math.min(length - cursor, 5 + Math.floor(rand() * 56));
      doc.transact(() => {
        draft.delete(cursor, span);
        draft.insert(cursor, TYPED.charAt(typed % TYPED.length));
      });
      typed += 1;
      cursor += 1;
    } else {
      draft.insert(cursor, TYPED.charAt(typed % TYPED.length));
      typed += 1;
      cursor += 1;
    }
    counts.keystrokes += 1;
  }
  doc.destroy();
  return { updates: updates.slice(0, count), counts };
}
