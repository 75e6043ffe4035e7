import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { declareIncident, setPhase } from '../../shared/ops';
import { readRoom } from '../../shared/read/read-room';
import { appendRoomEvents, EventRefusedError, type RoomEvent } from './append-room-event';

const NOW = Date.parse('2026-03-24T03:00:00Z');

function declaredRoom(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  declareIncident(
    doc,
    { actor: { id: 'u-ic', name: 'Iris' }, now: () => NOW - 600_000 },
    { title: 'Checkout errors', severity: 'SEV2' },
  );
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

function refusalOf(work: () => unknown): EventRefusedError {
  try {
    work();
  } catch (error) {
    if (error instanceof EventRefusedError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('appendRoomEvents', () => {
  it('writes a batch as one update, entries in order, milestones with them', () => {
    const { doc, updates } = declaredRoom();
    const events: RoomEvent[] = [
      { text: 'Alert: 5xx above 4 %', kind: 'alert', milestone: 'detected', at: NOW - 60_000 },
      { text: 'Paged the on-call DBA', kind: 'action', author: 'pager-bot' },
    ];
    const { ids } = appendRoomEvents(doc, events, () => NOW);
    expect(updates).toHaveLength(1);
    const view = readRoom(doc);
    expect(ids.map((id) => view.timeline.find((entry) => entry.id === id)?.text)).toEqual([
      'Alert: 5xx above 4 %',
      'Paged the on-call DBA',
    ]);
    expect(view.milestones.detected).toBe(new Date(NOW - 60_000).toISOString());
    expect(view.timeline.find((entry) => entry.id === ids[1])?.recorder.name).toBe('Events API');
  });

  it('writes nothing at all when any event of the batch is refused', () => {
    const { doc, updates } = declaredRoom();
    const before = Y.encodeStateAsUpdate(doc);
    const refused = refusalOf(() =>
      appendRoomEvents(
        doc,
        [
          { text: 'fine', milestone: 'acknowledged' },
          { text: 'also fine', kind: 'observation' },
          { text: 'from the future', at: NOW + 86_400_000 },
        ],
        () => NOW,
      ),
    );
    expect(refused.index).toBe(2);
    expect(refused.refusal.code).toBe('invalid-input');
    expect(updates).toHaveLength(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('refuses a milestone whose own guard says no, before the entry with it is written', () => {
    const { doc, updates } = declaredRoom();
    setPhase(doc, { actor: { id: 'u-ic', name: 'Iris' }, now: () => NOW }, { phase: 'monitoring' });
    updates.length = 0;
    const refused = refusalOf(() =>
      appendRoomEvents(doc, [{ text: 'all good', milestone: 'resolved' }], () => NOW),
    );
    expect(refused).toMatchObject({ index: 0, refusal: { code: 'use-resolve' } });
    expect(updates).toHaveLength(0);
  });
});
