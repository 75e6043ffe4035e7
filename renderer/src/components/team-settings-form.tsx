import { useState, type FormEvent } from 'react';
import { messageOf } from '../lib/error-message';
import { useAppStore } from '../store/app-store';
import { InlineError } from './inline-error';

/**
 * The team relay and its key, in Settings. The key is typed here and sent to the host, which
 * keeps it in the data folder; the window only ever gets it back masked, so an empty field means
 * "keep the saved key".
 */
export function TeamSettingsForm() {
  const settings = useAppStore((state) => state.teamSettings);
  const defaultRelayUrl = useAppStore((state) => state.defaultRelayUrl);
  const saveTeam = useAppStore((state) => state.saveTeam);
  const [relayUrl, setRelayUrl] = useState(settings?.relayUrl ?? defaultRelayUrl ?? '');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const maskedKey = settings?.maskedKey ?? null;

  async function submit(change: Parameters<typeof saveTeam>[0], done: string) {
    setSaving(true);
    setSaved(null);
    try {
      await saveTeam(change);
      setError(null);
      setKey('');
      setSaved(done);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (relayUrl.trim() === '') {
      setError('Type the team relay address, e.g. https://relay.example.com.');
      return;
    }
    if (key.trim() === '' && maskedKey === null) {
      setError('Type the team key the relay was started with.');
      return;
    }
    void submit(
      { relayUrl: relayUrl.trim(), ...(key.trim() ? { key: key.trim() } : {}) },
      'Team saved: the room list shows the team rooms.',
    );
  }

  return (
    <form onSubmit={save} aria-labelledby="team-settings-title" noValidate>
      <h3 id="team-settings-title">Team rooms</h3>
      <p className="muted">
        With the relay&apos;s team key, the room list shows every room on the relay and you join any
        of them without an invite.
      </p>
      <label>
        Team relay URL
        <input
          value={relayUrl}
          onChange={(event) => setRelayUrl(event.target.value)}
          placeholder="https://relay.example.com"
        />
      </label>
      <label>
        Team key
        <input
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          placeholder={maskedKey ? `saved: ${maskedKey}` : ''}
          aria-describedby="team-key-hint"
        />
      </label>
      <p id="team-key-hint" className="muted">
        {maskedKey
          ? `A key is saved (${maskedKey}); leave this empty to keep it.`
          : 'No team key saved.'}
      </p>
      <InlineError message={error} />
      {saved && <p role="status">{saved}</p>}
      <div className="row">
        <button type="submit" disabled={saving}>
          Set team key
        </button>
        {settings?.relayUrl && (
          <button
            type="button"
            disabled={saving}
            onClick={() => void submit({ relayUrl: null, key: null }, 'Team removed.')}
          >
            Remove team
          </button>
        )}
      </div>
    </form>
  );
}
