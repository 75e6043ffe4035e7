import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { HostParams, Profile } from '../../../shared/channel/host-api';
import { ROLES, type Role } from '../../../shared/doc/enums';

/** Colours that stay readable on both the dark and the light theme. */
const PALETTE = [
  '#e5484d',
  '#f76b15',
  '#ffc53d',
  '#46a758',
  '#12a594',
  '#0090ff',
  '#8e4ec6',
  '#d6409f',
];

/**
 * Profiles written since names are only ever given by the person carry `format: 2`. Older ones
 * (no format) may hold the OS user name the host used to fill in when none was given.
 */
const PROFILE_FORMAT = 2;

const profileSchema = z.object({
  format: z.literal(PROFILE_FORMAT).optional(),
  id: z.string().min(1).max(64),
  // Empty until the person names themselves.
  name: z.string().max(80),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  // Absent in profiles from before it existed. A role the app no longer knows (a hand edit, a
  // newer version's file) reads as none rather than discarding the whole profile and its id.
  usualRole: z.enum(ROLES).nullable().optional().catch(null),
});

/** The change `profile.set` asks for: the host-api contract, checked there and again here. */
export type ProfileUpdate = HostParams<'profile.set'>;

/** What a name-change did: the profile now, and the name it had before ('' if it had none). */
export interface ProfileChange {
  profile: Profile;
  previousName: string;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function osUserName(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

/**
 * Who this person is in every room: a stable id (so attribution survives a rename), a name, a
 * colour and the role they usually take (or none), kept in `<dataDir>/profile.json`. Written to a temporary file and renamed, so a crash
 * mid-write leaves the old profile rather than half a file.
 *
 * The name is the person's own, never made up: until they give one (the window's first screen,
 * or `--name` in web mode) it is empty, and the window asks for it before anything else.
 */
export class ProfileStore {
  private profile: Profile;
  private readonly path: string;

  constructor(dataDir: string, initialName?: string) {
    this.path = join(dataDir, 'profile.json');
    const stored = this.read();
    const name = initialName?.trim() ?? '';
    if (name.length > 80) throw new Error('A name is at most 80 characters.');
    if (stored) {
      this.profile = name ? { ...stored, name } : stored;
    } else {
      const seed = randomBytes(8);
      this.profile = {
        id: seed.toString('hex'),
        name,
        colour: PALETTE[seed[0]! % PALETTE.length]!,
        usualRole: null,
      };
    }
    this.write();
  }

  get(): Profile {
    return { ...this.profile };
  }

  /** Checks the whole change before applying any of it: a refused change leaves the profile as it was. */
  update(change: ProfileUpdate): ProfileChange {
    const name = change.name.trim();
    if (name === '' || name.length > 80) {
      throw new Error('A name is 1 to 80 characters.');
    }
    const usualRole = change.usualRole === undefined ? this.profile.usualRole : change.usualRole;
    if (usualRole !== null && !isRole(usualRole)) {
      throw new Error(`A usual role is one of ${ROLES.join(', ')}, or none (null).`);
    }
    const previousName = this.profile.name;
    this.profile = {
      ...this.profile,
      name,
      usualRole,
      ...(change.colour ? { colour: change.colour } : {}),
    };
    this.write();
    return { profile: this.get(), previousName };
  }

  private read(): Profile | null {
    if (!existsSync(this.path)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      return null;
    }
    const parsed = profileSchema.safeParse(raw);
    // A damaged profile is replaced (it holds no incident data); the id changes, which only
    // affects attribution of future edits.
    if (!parsed.success) return null;
    const { id, name, colour, format, usualRole } = parsed.data;
    // A profile from before format 2 whose name is the OS user's was named by the old fallback,
    // not by the person: it counts as unnamed, so they are asked (id and colour stay).
    const madeUp = format === undefined && name === osUserName();
    return { id, name: madeUp ? '' : name, colour, usualRole: usualRole ?? null };
  }

  private write(): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify({ format: PROFILE_FORMAT, ...this.profile }, null, 2));
    renameSync(temporary, this.path);
  }
}
