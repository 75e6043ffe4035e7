import { useId } from 'react';
import { ROLES, ROLE_TITLES, type Role } from '../../../shared/doc/enums';

/**
 * The role this person usually takes, or none (the default): asked on the first screen and in
 * Settings. It only makes the room offer that role when nobody holds it; it never takes it.
 */
export function UsualRoleSelect({
  value,
  onChange,
}: {
  value: Role | null;
  onChange: (role: Role | null) => void;
}) {
  const hintId = useId();
  return (
    <>
      <label>
        Your usual role
        <select
          value={value ?? ''}
          aria-describedby={hintId}
          onChange={(event) => {
            const picked = ROLES.find((role) => role === event.target.value);
            onChange(picked ?? null);
          }}
        >
          <option value="">No usual role</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_TITLES[role]}
            </option>
          ))}
        </select>
      </label>
      <p id={hintId} className="muted">
        Optional. In a room where nobody holds it, you are offered it in one click.
      </p>
    </>
  );
}
