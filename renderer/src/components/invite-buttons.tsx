import { useState } from 'react';
import { useAppStore } from '../store/app-store';

/** Copies a write or read-only invite; says what happened, since a silent copy is a guess. */
export function InviteButtons({
  roomId,
  compact,
  roomTitle,
}: {
  roomId: string;
  compact?: boolean;
  /** Names the buttons in a list of rooms, where "Copy invite" alone would be ambiguous. */
  roomTitle?: string;
}) {
  const suffix = roomTitle ? ` to ${roomTitle}` : '';
  const inviteLink = useAppStore((state) => state.inviteLink);
  const [message, setMessage] = useState<string | null>(null);

  async function copy(access: 'write' | 'read') {
    const outcome = await inviteLink(roomId, access);
    if (!outcome.ok) {
      setMessage(outcome.error);
      return;
    }
    try {
      await navigator.clipboard.writeText(outcome.value);
      setMessage(access === 'write' ? 'Invite copied (can edit).' : 'Read-only invite copied.');
    } catch {
      // Clipboard access can be denied (no focus, permissions): show the link to copy by hand.
      setMessage(outcome.value);
    }
  }

  return (
    <span className={compact ? 'invite-buttons invite-buttons--compact' : 'invite-buttons'}>
      <button type="button" onClick={() => void copy('write')} aria-label={`Copy invite${suffix}`}>
        Copy invite
      </button>
      <button
        type="button"
        onClick={() => void copy('read')}
        aria-label={`Copy read-only invite${suffix}`}
      >
        Copy read-only invite
      </button>
      {message && (
        <span role="status" className="invite-buttons__message">
          {message}
        </span>
      )}
    </span>
  );
}
