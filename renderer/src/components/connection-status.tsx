import type { RoomStatus } from '../../../shared/channel/host-events';
import { useAppStore } from '../store/app-store';
import { localDateTime, utcClock } from '../../../shared/util/utc-time';

export interface ConnectionSummary {
  tone: 'ok' | 'warn' | 'bad' | 'quiet';
  label: string;
  detail: string | null;
}

/**
 * One honest sentence about where this room's changes are. Order matters: a lost host beats
 * everything (nothing typed now is saved), then a failed disk write on the host, then
 * unsaved-to-host, then the relay link.
 */
export function summarizeConnection(
  status: RoomStatus | undefined,
  unsaved: number,
  hostLost: string | null,
): ConnectionSummary {
  if (hostLost)
    return { tone: 'bad', label: 'Host lost: changes are not being saved', detail: hostLost };
  const saving = unsaved > 0 ? `Saving ${unsaved} change${unsaved === 1 ? '' : 's'}…` : null;
  if (!status) return { tone: 'quiet', label: saving ?? 'Connecting…', detail: null };
  if (status.saveError) {
    return {
      tone: 'bad',
      label: 'Not saved to disk: keep this window open',
      detail: status.saveError,
    };
  }
  const pending = status.pendingToRelay;
  const pendingText =
    pending > 0 ? `${pending} change${pending === 1 ? '' : 's'} not yet on the relay` : null;
  switch (status.connection) {
    case 'local-only':
      return {
        tone: 'quiet',
        label: saving ?? 'Local only (saved on this machine)',
        detail: 'Publish the room to share it.',
      };
    case 'live':
      return pendingText
        ? { tone: 'warn', label: pendingText, detail: saving }
        : { tone: saving ? 'warn' : 'ok', label: saving ?? 'Live', detail: null };
    case 'connecting':
      return {
        tone: 'warn',
        label: 'Connecting to the relay…',
        detail: [pendingText, saving].filter(Boolean).join(' · ') || null,
      };
    case 'offline':
      return {
        tone: 'bad',
        label: status.offlineSince
          ? `Offline since ${utcClock(status.offlineSince)} UTC`
          : 'Offline',
        detail: [pendingText ?? 'All changes saved on this machine', saving]
          .filter(Boolean)
          .join(' · '),
      };
    case 'refused':
      return { tone: 'bad', label: 'The relay refused this room', detail: status.refusal };
  }
}

export function ConnectionStatus() {
  const roomId = useAppStore((state) => state.roomId);
  const status = useAppStore((state) =>
    state.roomId ? state.statusByRoom[state.roomId] : undefined,
  );
  const unsaved = useAppStore((state) => state.unsaved);
  const hostLost = useAppStore((state) => state.hostLost);
  if (!roomId) return null;
  const summary = summarizeConnection(status, unsaved, hostLost);
  return (
    <div
      role="status"
      aria-label="Connection"
      className={`connection connection--${summary.tone}`}
      title={status?.offlineSince ? localDateTime(status.offlineSince) : undefined}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{summary.label}</span>
      {summary.detail && <span className="connection__detail">{summary.detail}</span>}
    </div>
  );
}
