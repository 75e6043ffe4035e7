import { useMemo, useState, type FormEvent } from 'react';
import type { RoomSummary } from '../../../shared/channel/host-api';
import { SEVERITIES, type Severity } from '../../../shared/doc/enums';
import { useAppStore } from '../store/app-store';
import { localDateTime, utcDateTime } from '../../../shared/util/utc-time';
import { bundledTemplates } from '../templates/bundled-templates';
import { InviteButtons } from './invite-buttons';
import { ProfileSettings } from './profile-settings';
import { ThemeToggle } from './theme-toggle';
import { summarizeConnection } from './connection-status';
import { InlineError } from './inline-error';
import { TeamRoomsSection } from './team-rooms-section';
import { numberAlikeLabels } from '../lib/unique-labels';

/**
 * Each room's "Open room" button name, unique in the list: title, severity, phase and last change
 * tell rooms apart for a screen reader as they do on screen; rooms alike in all of those (two
 * "Checkout errors" declared the same minute) are numbered in list order.
 */
export function roomOpenLabels(rooms: readonly RoomSummary[]): Map<string, string> {
  const base = new Map(
    rooms.map((room) => [
      room.id,
      [
        `Open room ${room.title}`,
        room.severity ?? 'no severity',
        room.phase ?? 'not declared',
        `last change ${utcDateTime(room.lastActivityAt)}`,
        ...(room.unread ? ['new activity'] : []),
      ].join(', '),
    ]),
  );
  return numberAlikeLabels(base);
}

export function RoomList() {
  const rooms = useAppStore((state) => state.rooms);
  const roomsError = useAppStore((state) => state.roomsError);
  const enterRoom = useAppStore((state) => state.enterRoom);
  // Known for rooms opened in this session; a room's relay link is only kept while it is open.
  const statusByRoom = useAppStore((state) => state.statusByRoom);
  const openLabels = useMemo(() => roomOpenLabels(rooms ?? []), [rooms]);

  return (
    <main className="room-list" aria-labelledby="room-list-title">
      <div className="row">
        <h1 id="room-list-title" style={{ flex: 1 }}>
          Incident Room
        </h1>
        <ProfileSettings />
        <ThemeToggle />
      </div>
      <div className="room-list__forms">
        <CreateRoomForm />
        <JoinRoomForm />
      </div>
      <TeamRoomsSection />
      <section aria-labelledby="recent-rooms-title" className="panel">
        <h2 id="recent-rooms-title">Recent rooms</h2>
        <InlineError message={roomsError} />
        {rooms === null ? (
          <p>Loading rooms…</p>
        ) : rooms.length === 0 ? (
          <p className="muted">No rooms yet. Declare one above or paste an invite.</p>
        ) : (
          <ul className="room-list__rooms" aria-label="Recent rooms">
            {rooms.map((room) => (
              <li key={room.id} className="room-card">
                <button
                  type="button"
                  className="room-card__open"
                  aria-label={openLabels.get(room.id)}
                  onClick={() => void enterRoom(room.id)}
                >
                  <span className={`severity-chip severity-chip--${room.severity ?? 'none'}`}>
                    {room.severity ?? '—'}
                  </span>
                  <span className="room-card__title">{room.title}</span>
                  <span className="room-card__phase">{room.phase ?? 'not declared'}</span>
                  {room.service && <span className="room-card__service">{room.service}</span>}
                  {room.unread && (
                    <span className="badge badge--proposed room-card__unread">New activity</span>
                  )}
                </button>
                <span className="room-card__meta" title={localDateTime(room.lastActivityAt)}>
                  {room.access === 'local'
                    ? 'Local only'
                    : room.access === 'read'
                      ? 'Read-only'
                      : 'Shared'}{' '}
                  · last change {utcDateTime(room.lastActivityAt)}
                  {statusByRoom[room.id] &&
                    ` · ${summarizeConnection(statusByRoom[room.id], 0, null).label}`}
                </span>
                {room.access !== 'local' && (
                  <InviteButtons roomId={room.id} roomTitle={room.title} compact />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function CreateRoomForm() {
  const createRoom = useAppStore((state) => state.createRoom);
  const enterRoom = useAppStore((state) => state.enterRoom);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [incidentType, setIncidentType] = useState('');
  // The incident types come from the runbook templates; each brings its checklist and runbook.
  const incidentTypes = bundledTemplates().runbooks.map((runbook) => runbook.incidentType);
  const [service, setService] = useState('');
  const defaultRelayUrl = useAppStore((state) => state.defaultRelayUrl);
  // null until the person edits the field: then their value wins over the host's default.
  const [relayEdit, setRelayUrl] = useState<string | null>(null);
  const relayUrl =
    relayEdit ?? defaultRelayUrl ?? localStorage.getItem('incident-room:relay') ?? '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === '') {
      setError('Give the incident a title, e.g. "Checkout errors after deploy".');
      return;
    }
    setBusy(true);
    const outcome = await createRoom({
      title: title.trim(),
      severity,
      ...(incidentType.trim() ? { incidentType: incidentType.trim() } : {}),
      ...(service.trim() ? { service: service.trim() } : {}),
      ...(relayUrl.trim() ? { relayUrl: relayUrl.trim() } : {}),
    });
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    if (relayUrl.trim()) localStorage.setItem('incident-room:relay', relayUrl.trim());
    setError(null);
    setTitle('');
    // The host declared the incident with these fields, attributed to this person's profile.
    await enterRoom(outcome.value.id);
  }

  return (
    <form
      className="panel"
      aria-labelledby="create-room-title"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h2 id="create-room-title">Declare an incident</h2>
      <label>
        Title
        <input
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          maxLength={200}
          autoFocus
        />
      </label>
      <div className="form-row">
        <label>
          Severity
          <select
            value={severity}
            onChange={(event) => setSeverity(event.target.value as Severity)}
          >
            {SEVERITIES.map((level) => (
              <option key={level}>{level}</option>
            ))}
          </select>
        </label>
        <label>
          Incident type
          <select value={incidentType} onChange={(event) => setIncidentType(event.target.value)}>
            <option value="">General (no runbook)</option>
            {incidentTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Affected service
        <input
          value={service}
          onChange={(event) => setService(event.target.value)}
          maxLength={200}
        />
      </label>
      <label>
        Relay URL (empty for a local-only room)
        <input
          value={relayUrl}
          onChange={(event) => setRelayUrl(event.target.value)}
          placeholder="ws://relay:1234"
        />
      </label>
      <InlineError message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Declaring…' : 'Declare incident'}
      </button>
    </form>
  );
}

function JoinRoomForm() {
  const joinRoom = useAppStore((state) => state.joinRoom);
  const enterRoom = useAppStore((state) => state.enterRoom);
  const [invite, setInvite] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (invite.trim() === '') {
      setError('Paste the invite link someone shared (incident-room://join?…).');
      return;
    }
    const outcome = await joinRoom(invite.trim());
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setError(null);
    setInvite('');
    await enterRoom(outcome.value.id);
  }

  return (
    <form
      className="panel"
      aria-labelledby="join-room-title"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h2 id="join-room-title">Join from an invite</h2>
      <label>
        Invite link
        <textarea
          value={invite}
          onChange={(event) => setInvite(event.target.value)}
          rows={3}
          maxLength={4096}
        />
      </label>
      <InlineError message={error} />
      <button type="submit">Join room</button>
    </form>
  );
}
