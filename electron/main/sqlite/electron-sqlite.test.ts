import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import Database, { withNativeBinding } from './electron-sqlite';

describe('better-sqlite3 for the shell', () => {
  it('adds the Electron build of the addon only when one is given', () => {
    expect(withNativeBinding({ readonly: true }, '/cache/better_sqlite3.node')).toEqual({
      readonly: true,
      nativeBinding: '/cache/better_sqlite3.node',
    });
    expect(withNativeBinding({ readonly: true }, undefined)).toEqual({ readonly: true });
  });

  it('still opens databases like the real class (here: the Node build)', () => {
    const db = new Database(':memory:');
    expect(db.prepare('select 1 + 1 as two').get()).toEqual({ two: 2 });
    expect(db).toBeInstanceOf(Database);
    db.close();
  });
});
