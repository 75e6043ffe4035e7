import { useState, type FormEvent, type ReactNode } from 'react';
import type { Role } from '../../../shared/doc/enums';
import { useAppStore } from '../store/app-store';
import { messageOf } from '../lib/error-message';
import { InlineError } from './inline-error';
import { UsualRoleSelect } from './usual-role-select';

/**
 * Everything in a room is attributed, so a person names themselves once before anything else.
 * The host never makes a name up (no OS user name): until the person gives one, the profile's
 * name is empty and this screen is all the window shows. The usual role is optional (none by
 * default). Changing either later is in ProfileSettings.
 */
export function ProfileGate({ children }: { children: ReactNode }) {
  const profile = useAppStore((state) => state.profile);
  const saveProfile = useAppStore((state) => state.saveProfile);
  const [name, setName] = useState('');
  const [usualRole, setUsualRole] = useState<Role | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!profile) return <main className="fatal">Connecting to the host…</main>;
  if (profile.name.trim() !== '') return <>{children}</>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Type your name as teammates know it.');
      return;
    }
    try {
      await saveProfile({ name: name.trim(), usualRole });
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <main className="room-list">
      <form
        className="panel"
        onSubmit={(event) => void submit(event)}
        aria-label="Your name"
        noValidate
      >
        <h1>Who is this?</h1>
        <p className="muted">Your name goes on every entry you log and every decision you make.</p>
        <label>
          Your name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={80}
            autoFocus
          />
        </label>
        <UsualRoleSelect value={usualRole} onChange={setUsualRole} />
        <InlineError message={error} />
        <button type="submit" className="primary">
          Continue
        </button>
      </form>
    </main>
  );
}
