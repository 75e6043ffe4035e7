import { useEffect, useMemo, useState } from 'react';
import type { TeamRoom } from '../../../shared/channel/host-api';
import { humanDuration } from '../../../shared/util/durations';
import { utcDateTime } from '../../../shared/util/utc-time';
import { useNow } from '../lib/use-now';
import {
  describePagedRoles,
  describeTeamRoomSource,
  pagesUsualRole,
} from '../../../shared/channel/team-room-news';
import { browserNotificationsSupported } from '../lib/team-room-notices';
import { desktopApi } from '../host/desktop-transport';
import { useAppStore } from '../store/app-store';
import { InlineError } from './inline-error';
import { numberAlikeLabels } from '../lib/unique-labels';

/** "opened 12 min ago", to the minute (the list is read at a glance, not timed). */
export function teamRoomAge(createdAt: number, now: number): string {
  const ms = Math.max(0, now - createdAt);
  if (ms < 60_000) return 'opened under a minute ago';
  return `opened ${humanDuration(Math.floor(ms / 60_000) * 60_000)} ago`;
}

function titleOf(room: TeamRoom): string {
  return room.title ?? `Untitled room ${room.id.slice(0, 8)}`;
}

/** Open rooms first, each group in the relay's order (the most recently active first). */
export function orderTeamRooms(rooms: readonly TeamRoom[]): TeamRoom[] {
  return [...rooms.filter((r) => r.state === 'open'), ...rooms.filter((r) => r.state !== 'open')];
}

/**
 * Each room's button name, unique in the list: Join (or Open, once joined), title, severity and
 * age, as a sighted person tells them apart; rooms alike in all of those are numbered.
 */
export function teamRoomButtonLabels(rooms: readonly TeamRoom[], now: number): Map<string, string> {
  const base = new Map(
    rooms.map((room) => [
      room.id,
      [
        `${room.joinedRoomId ? 'Open' : 'Join'} ${titleOf(room)}`,
        room.severity ?? 'no severity',
        ...(room.state === 'resolved' ? ['resolved'] : []),
        teamRoomAge(room.createdAt, now),
      ].join(', '),
    ]),
  );
  return numberAlikeLabels(base);
}

/**
 * The relay's rooms, for a person with the team key: join any without an invite. Shown only when
 * a team relay and key are set. Rooms that appeared since the person last left this list carry
 * "New"; leaving the list (opening a room) marks them seen.
 */
export function TeamRoomsSection() {
  const view = useAppStore((state) => state.teamRooms);
  const teamError = useAppStore((state) => state.teamError);
  const seen = useAppStore((state) => state.teamSeen);
  const refresh = useAppStore((state) => state.refreshTeamRooms);
  const markSeen = useAppStore((state) => state.markTeamRoomsSeen);
  const now = useNow(30_000);
  const rooms = useMemo(() => orderTeamRooms(view?.rooms ?? []), [view]);
  const labels = useMemo(() => teamRoomButtonLabels(rooms, now), [rooms, now]);
  // Leaving the list (opening a room, closing the window) is when its rooms count as seen.
  useEffect(() => () => markSeen(), [markSeen]);
  if (!view?.configured) return null;

  return (
    <section aria-labelledby="team-rooms-title" className="panel">
      <div className="row">
        <h2 id="team-rooms-title" style={{ flex: 1 }}>
          Team rooms
        </h2>
        <span className="muted">{view.relayUrl}</span>
        <NotificationsButton />
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <InlineError message={teamError} />
      {view.fetchedAt === null && !teamError ? (
        <p>Loading team rooms…</p>
      ) : rooms.length === 0 ? (
        view.fetchedAt !== null && <p className="muted">No rooms on the team relay yet.</p>
      ) : (
        <ul className="room-list__rooms" aria-label="Team rooms">
          {rooms.map((room) => (
            <TeamRoomRow
              key={room.id}
              room={room}
              label={labels.get(room.id) ?? titleOf(room)}
              isNew={seen !== null && !seen.has(room.id)}
              now={now}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function TeamRoomRow(props: { room: TeamRoom; label: string; isNew: boolean; now: number }) {
  const { room } = props;
  const openTeamRoom = useAppStore((state) => state.openTeamRoom);
  const pagedYou = useAppStore((state) => pagesUsualRole(room, state.profile?.usualRole ?? null));
  const paging = room.state === 'open' ? describePagedRoles(room) : '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function joinOrOpen() {
    setBusy(!room.joinedRoomId);
    const outcome = await openTeamRoom(room.id);
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
  }

  return (
    <li className="room-card">
      <span className={`severity-chip severity-chip--${room.severity ?? 'none'}`}>
        {room.severity ?? '—'}
      </span>
      <span className="room-card__title">{titleOf(room)}</span>
      {props.isNew && <span className="badge badge--proposed">New</span>}
      {pagedYou && <span className="badge badge--paged">Paged you</span>}
      <span className="room-card__meta" title={utcDateTime(room.createdAt)}>
        {room.state === 'resolved' ? 'resolved · ' : ''}
        {describeTeamRoomSource(room.source)} · {teamRoomAge(room.createdAt, props.now)}
        {paging ? ` · ${paging}` : ''}
      </span>
      <button
        type="button"
        className={room.joinedRoomId ? undefined : 'primary'}
        aria-label={props.label}
        disabled={busy}
        onClick={() => void joinOrOpen()}
      >
        {room.joinedRoomId ? 'Open' : busy ? 'Joining…' : 'Join'}
      </button>
      <InlineError message={error} />
    </li>
  );
}

/**
 * Asks for the browser's permission to notify, from a button (browsers refuse, and people
 * resent, a prompt on load). The desktop app notifies natively without asking here.
 */
function NotificationsButton() {
  const supported = browserNotificationsSupported() && !desktopApi();
  const [permission, setPermission] = useState(() =>
    supported ? Notification.permission : 'denied',
  );
  if (!supported) return null;
  if (permission === 'granted') return <span className="muted">Alert rooms notify you</span>;
  if (permission === 'denied') {
    return <span className="muted">Notifications are blocked for this page</span>;
  }
  return (
    <button
      type="button"
      onClick={() => void Notification.requestPermission().then((answer) => setPermission(answer))}
    >
      Notify me of alert rooms
    </button>
  );
}
