import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { declaredTestRoom, PEOPLE } from '../../../shared/fixtures/test-room';
import { proposeDecision } from '../../../shared/ops/decisions';
import { assignRole } from '../../../shared/ops/roles';
import type { RoomNotice } from './notification-rules';
import { RoomNotifier } from './room-notifier';

afterEach(() => vi.useRealTimers());

describe('RoomNotifier', () => {
  it('checks open rooms on change (debounced) and shows each notice once', () => {
    vi.useFakeTimers();
    const room = declaredTestRoom();
    const shown: RoomNotice[] = [];
    const notifier = new RoomNotifier({
      rooms: () => [{ localId: 'room-1', doc: room.doc }],
      me: () => PEOPLE.ic.id,
      show: (notice) => shown.push(notice),
      now: () => room.clock.now(),
      intervalMs: 60_000,
      debounceMs: 100,
    });
    notifier.checkAll();
    expect(shown).toEqual([]);

    proposeDecision(room.doc, room.ops, { proposal: 'Drain region eu-west-1' });
    proposeDecision(room.doc, room.comms, { proposal: 'Post on the status page' });
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(shown.map((notice) => notice.body)).toEqual([
      'Omar proposes: Drain region eu-west-1',
      'Cam proposes: Post on the status page',
    ]);

    notifier.checkAll();
    vi.advanceTimersByTime(60_000);
    expect(shown).toHaveLength(2);
    notifier.stop();
  });

  it('announces a role handed over after start, and a status update as it comes due on the timer', () => {
    vi.useFakeTimers();
    const room = declaredTestRoom();
    const shown: RoomNotice[] = [];
    let now = room.clock.now();
    const notifier = new RoomNotifier({
      rooms: () => [{ localId: 'room-1', doc: room.doc }],
      me: () => PEOPLE.bystander.id,
      show: (notice) => shown.push(notice),
      now: () => now,
      intervalMs: 1000,
      debounceMs: 10,
    });
    notifier.checkAll();
    assignRole(room.doc, room.ic, { role: 'comms', person: PEOPLE.bystander });
    vi.advanceTimersByTime(10);
    expect(shown.map((notice) => notice.kind)).toEqual(['role-handed']);

    now += 24 * 60 * 60 * 1000;
    vi.advanceTimersByTime(1000);
    expect(shown.map((notice) => notice.kind)).toEqual(['role-handed', 'status-overdue']);
    notifier.stop();
    now += 60 * 60 * 1000;
    vi.advanceTimersByTime(5000);
    expect(shown).toHaveLength(2);
  });
});
