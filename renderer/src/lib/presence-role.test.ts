import { describe, expect, it } from 'vitest';
import type { PresencePeer } from '../../../shared/channel/host-events';
import { presenceRoleLabel } from './presence-role';

const dana = { id: 'u-dba', name: 'Dana' };
const experts = [{ ...dana, area: 'database', addedAt: '2026-03-24T02:47:00.000Z', addedBy: dana }];

function peer(userId: string | null, role: string | null = null): PresencePeer {
  return { clientId: 1, userId, name: 'Dana', role, colour: '#000', editing: null, self: false };
}

describe('presenceRoleLabel', () => {
  it('shows an SME with their area, found by profile id', () => {
    expect(presenceRoleLabel(peer('u-dba'), { roles: {}, experts })).toBe('SME · database');
  });

  it('shows a role and an SME area together, the role first', () => {
    expect(presenceRoleLabel(peer('u-dba'), { roles: { scribe: dana }, experts })).toBe(
      'Scribe · SME · database',
    );
  });

  it('falls back to the role the peer published, and to nothing', () => {
    expect(presenceRoleLabel(peer('u-x', 'ops'), { roles: {}, experts })).toBe('Operations lead');
    expect(presenceRoleLabel(peer(null), { roles: {}, experts })).toBeNull();
  });
});
