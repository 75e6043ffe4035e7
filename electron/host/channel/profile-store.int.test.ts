/**
 * The profile on a real data folder: the name is the person's own or empty (never the OS user's),
 * it survives a restart, `--name` sets it, and a rename reports the name it replaced. The usual
 * role is one of the room's roles or none; profiles from before it read as none.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/doc/enums';
import { tempDir } from '../testing/test-fixtures';
import { ProfileStore } from './profile-store';

const folders: Array<{ remove: () => void }> = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

function dataDir(): string {
  const folder = tempDir('ir-profile-');
  folders.push(folder);
  return folder.path;
}

describe('ProfileStore', () => {
  it('leaves the name empty on first launch instead of using the OS user', () => {
    const dir = dataDir();
    const profile = new ProfileStore(dir).get();
    expect(profile.name).toBe('');
    expect(profile.name).not.toBe(userInfo().username);
    expect(profile.id).toMatch(/^[0-9a-f]{16}$/);
    // Still unnamed after a restart: the window keeps asking until the person answers.
    expect(new ProfileStore(dir).get()).toEqual(profile);
  });

  it('keeps a given name and the stable id across a restart', () => {
    const dir = dataDir();
    const first = new ProfileStore(dir);
    const { profile, previousName } = first.update({ name: '  Avery  ' });
    expect(previousName).toBe('');
    expect(profile.name).toBe('Avery');
    const restarted = new ProfileStore(dir).get();
    expect(restarted).toEqual(profile);
  });

  it('renames, reporting the old name, and keeps the id', () => {
    const dir = dataDir();
    const store = new ProfileStore(dir, 'Avery');
    const before = store.get();
    const change = store.update({ name: 'Avery Chen' });
    expect(change.previousName).toBe('Avery');
    expect(change.profile).toEqual({ ...before, name: 'Avery Chen' });
    expect(new ProfileStore(dir).get().name).toBe('Avery Chen');
  });

  it('refuses an empty name and changes nothing', () => {
    const dir = dataDir();
    const store = new ProfileStore(dir, 'Avery');
    expect(() => store.update({ name: '   ' })).toThrow(/1 to 80 characters/);
    expect(store.get().name).toBe('Avery');
    expect(new ProfileStore(dir).get().name).toBe('Avery');
  });

  it('takes --name over the stored name (web mode)', () => {
    const dir = dataDir();
    const id = new ProfileStore(dir, 'Avery').get().id;
    const named = new ProfileStore(dir, 'Blake').get();
    expect(named).toMatchObject({ id, name: 'Blake' });
    // Without --name the saved name stays.
    expect(new ProfileStore(dir).get().name).toBe('Blake');
  });

  it('asks again when an old profile holds the OS user name the host used to make up', () => {
    const dir = dataDir();
    const path = join(dir, 'profile.json');
    const username = userInfo().username;
    writeFileSync(path, JSON.stringify({ id: 'legacy-id', name: username, colour: '#0090ff' }));
    expect(new ProfileStore(dir).get()).toEqual({
      id: 'legacy-id',
      name: '',
      colour: '#0090ff',
      usualRole: null,
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 2, name: '' });
  });

  it('keeps a name an old profile got from its person', () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, 'profile.json'),
      JSON.stringify({ id: 'legacy-id', name: 'Dana', colour: '#0090ff' }),
    );
    expect(new ProfileStore(dir).get().name).toBe('Dana');
  });

  it('starts with no usual role, and keeps one given across a rename and a restart', () => {
    const dir = dataDir();
    const store = new ProfileStore(dir);
    expect(store.get().usualRole).toBeNull();
    expect(store.update({ name: 'Avery', usualRole: 'scribe' }).profile.usualRole).toBe('scribe');
    expect(JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8'))).toMatchObject({
      usualRole: 'scribe',
    });
    // A change that leaves it out (a rename from an older window) keeps it.
    expect(store.update({ name: 'Avery Chen' }).profile.usualRole).toBe('scribe');
    expect(new ProfileStore(dir).get()).toMatchObject({ name: 'Avery Chen', usualRole: 'scribe' });
    // null is "no usual role".
    expect(store.update({ name: 'Avery Chen', usualRole: null }).profile.usualRole).toBeNull();
    expect(new ProfileStore(dir).get().usualRole).toBeNull();
  });

  it('reads a profile from before the usual role as having none, keeping its id and name', () => {
    const dir = dataDir();
    const path = join(dir, 'profile.json');
    writeFileSync(
      path,
      JSON.stringify({ format: 2, id: 'older-id', name: 'Dana', colour: '#0090ff' }),
    );
    expect(new ProfileStore(dir).get()).toEqual({
      id: 'older-id',
      name: 'Dana',
      colour: '#0090ff',
      usualRole: null,
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ usualRole: null });
  });

  it('refuses a usual role the room does not have, with the roles it takes, and changes nothing', () => {
    const dir = dataDir();
    const store = new ProfileStore(dir, 'Avery');
    store.update({ name: 'Avery', usualRole: 'ops' });
    const before = readFileSync(join(dir, 'profile.json'), 'utf8');
    expect(() => store.update({ name: 'Avery B', usualRole: 'boss' as Role })).toThrow(
      'A usual role is one of ic, ops, comms, scribe, or none (null).',
    );
    expect(store.get()).toMatchObject({ name: 'Avery', usualRole: 'ops' });
    expect(readFileSync(join(dir, 'profile.json'), 'utf8')).toBe(before);
  });

  it('reads a usual role it does not know (a hand edit) as none, not as a damaged profile', () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, 'profile.json'),
      JSON.stringify({
        format: 2,
        id: 'kept-id',
        name: 'Dana',
        colour: '#0090ff',
        usualRole: 'boss',
      }),
    );
    expect(new ProfileStore(dir).get()).toMatchObject({ id: 'kept-id', usualRole: null });
  });
});
