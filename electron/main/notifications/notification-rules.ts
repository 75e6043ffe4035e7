/**
 * When to tap someone on the shoulder, computed from the room's read model: pure, so every rule
 * is proved by unit tests, and the shell only shows what this returns.
 *
 * - A status update coming due (within DUE_SOON_MS) or overdue: to the comms lead and the IC.
 * - A decision waiting for the IC (proposed by someone else).
 * - A role handed to you (by someone else).
 *
 * Each notice has a key; a key is shown once per app run. On the first look at a room, roles
 * already held are recorded as seen without a notice (you knew when you opened the app), while
 * due updates and waiting decisions are shown: they still need doing.
 */
import { ROLE_TITLES, ROLES, type Role } from '../../../shared/doc/enums';
import type { RoomSnapshot } from '../../../shared/read/types';
import { MINUTE_MS, isoToMs } from '../../../shared/util/time';

export const DUE_SOON_MS = 5 * MINUTE_MS;

export type NoticeKind = 'status-due' | 'status-overdue' | 'decision-waiting' | 'role-handed';

export interface RoomNotice {
  /** Shown at most once per key. */
  key: string;
  kind: NoticeKind;
  roomId: string;
  title: string;
  body: string;
}

export interface NoticeInput {
  roomId: string;
  room: RoomSnapshot;
  /** The profile id of the person at this machine. */
  me: string;
  nowMs: number;
  alreadySent: ReadonlySet<string>;
  /** True the first time this run looks at the room. */
  firstLook: boolean;
}

export interface NoticeResult {
  notices: RoomNotice[];
  /** Keys to remember as sent, including notices held back on the first look. */
  seen: string[];
}

function holds(room: RoomSnapshot, me: string, role: Role): boolean {
  return room.roles[role]?.id === me;
}

function minutes(ms: number): string {
  const value = Math.max(1, Math.round(ms / MINUTE_MS));
  return value === 1 ? '1 minute' : `${value} minutes`;
}

export function roomNotices(input: NoticeInput): NoticeResult {
  const { room, me, roomId } = input;
  const notices: RoomNotice[] = [];
  const seen: string[] = [];
  if (!room.declared) return { notices, seen };
  const title = room.title ?? 'Incident';
  const offer = (notice: RoomNotice, show = true) => {
    if (input.alreadySent.has(notice.key)) return;
    seen.push(notice.key);
    if (show) notices.push(notice);
  };

  const cadence = room.status.cadence;
  const dueMs = isoToMs(cadence.nextDueAt);
  const answersForUpdates = holds(room, me, 'comms') || holds(room, me, 'ic');
  if (answersForUpdates && room.phase !== 'resolved' && dueMs !== null) {
    if (cadence.overdue) {
      offer({
        key: `status-overdue:${cadence.nextDueAt}`,
        kind: 'status-overdue',
        roomId,
        title: `${title}: status update overdue`,
        body: `The next status update was due ${minutes(cadence.overdueByMs)} ago.`,
      });
    } else if (dueMs - input.nowMs <= DUE_SOON_MS) {
      offer({
        key: `status-due:${cadence.nextDueAt}`,
        kind: 'status-due',
        roomId,
        title: `${title}: status update due`,
        body: `The next status update is due in ${minutes(dueMs - input.nowMs)}.`,
      });
    }
  }

  if (holds(room, me, 'ic')) {
    for (const decision of room.pendingDecisions) {
      if (decision.proposer.id === me) continue;
      offer({
        key: `decision:${decision.id}`,
        kind: 'decision-waiting',
        roomId,
        title: `${title}: decision waiting for you`,
        body: `${decision.proposer.name} proposes: ${decision.proposal}`,
      });
    }
  }

  for (const role of ROLES) {
    if (!holds(room, me, role)) continue;
    // The handoff is the latest role entry for this role; keyed by it, a role handed away and
    // back is announced again.
    const handoff = [...room.timeline]
      .reverse()
      .find((entry) => entry.ref?.type === 'role' && entry.ref.role === role);
    const key = `role:${role}:${handoff?.id ?? 'initial'}`;
    const byMe = handoff?.recorder.id === me;
    offer(
      {
        key,
        kind: 'role-handed',
        roomId,
        title: `${title}: you are now ${ROLE_TITLES[role]}`,
        body: handoff ? `Handed to you by ${handoff.recorder.name}.` : 'The role is yours.',
      },
      !input.firstLook && !byMe,
    );
  }
  return { notices, seen };
}
