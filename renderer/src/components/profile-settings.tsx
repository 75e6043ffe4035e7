import { useState, type FormEvent } from 'react';
import type { Profile } from '../../../shared/channel/host-api';
import { messageOf } from '../lib/error-message';
import { useAppStore } from '../store/app-store';
import { Dialog } from './dialog';
import { InlineError } from './inline-error';
import { TeamSettingsForm } from './team-settings-form';
import { UsualRoleSelect } from './usual-role-select';

const NAME_FITS = {
  maxWidth: '14ch',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/**
 * Who this window is, and the way to change it: the button names the person, the dialog renames
 * them and changes their usual role. The host saves both in the profile and logs "<old> is now
 * known as <new>" in every room it has open, so the others can tell the two names are one
 * person; a new usual role alone is nobody else's business and logs nothing.
 */
export function ProfileSettings() {
  const profile = useAppStore((state) => state.profile);
  const [open, setOpen] = useState(false);
  const name = profile?.name ?? '';
  if (!profile || name === '') return null;
  return (
    <>
      <button
        type="button"
        className="link"
        onClick={() => setOpen(true)}
        aria-label={`Settings: you are ${name}`}
        title={`${name}: change your name or usual role`}
        // A long name is cut to a glance so the header stays one row; the label has it whole.
        style={NAME_FITS}
      >
        {name}
      </button>
      {open && <SettingsDialog current={profile} onClose={() => setOpen(false)} />}
    </>
  );
}

function SettingsDialog({ current, onClose }: { current: Profile; onClose: () => void }) {
  const saveProfile = useAppStore((state) => state.saveProfile);
  const [name, setName] = useState(current.name);
  const [usualRole, setUsualRole] = useState(current.usualRole);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError('Type your name as teammates know it.');
      return;
    }
    if (trimmed === current.name && usualRole === current.usualRole) {
      onClose();
      return;
    }
    setSaving(true);
    try {
      await saveProfile({ name: trimmed, usualRole });
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
      setSaving(false);
    }
  }

  return (
    <Dialog title="Settings" onClose={onClose}>
      <form onSubmit={(event) => void save(event)} aria-label="Your name" noValidate>
        <label>
          Your name
          <input value={name} onChange={(event) => setName(event.target.value)} maxLength={80} />
        </label>
        <p className="muted">
          A new name is shown from now on, and every room open here logs the change on its timeline.
          Entries you wrote keep the name they were written with.
        </p>
        <UsualRoleSelect value={usualRole} onChange={setUsualRole} />
        <InlineError message={error} />
        <div className="row">
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
      {/* Its own form: saving the team key is not saving the name. */}
      <TeamSettingsForm />
    </Dialog>
  );
}
