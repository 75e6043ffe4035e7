import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Profile } from '../../../shared/channel/host-api';

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

const profileSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(80),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});

function defaultName(): string {
  try {
    return userInfo().username || 'Responder';
  } catch {
    return 'Responder';
  }
}

/**
 * Who this person is in every room: a stable id (so attribution survives a rename), a name and a
 * colour, kept in `<dataDir>/profile.json`. Written to a temporary file and renamed, so a crash
 * mid-write leaves the old profile rather than half a file.
 */
export class ProfileStore {
  private profile: Profile;
  private readonly path: string;

  constructor(dataDir: string, initialName?: string) {
    this.path = join(dataDir, 'profile.json');
    const stored = this.read();
    if (stored) {
      this.profile = initialName ? { ...stored, name: initialName } : stored;
    } else {
      const seed = randomBytes(8);
      this.profile = {
        id: seed.toString('hex'),
        name: initialName ?? defaultName(),
        colour: PALETTE[seed[0]! % PALETTE.length]!,
      };
    }
    this.write();
  }

  get(): Profile {
    return { ...this.profile };
  }

  update(change: { name: string; colour?: string | undefined }): Profile {
    this.profile = {
      ...this.profile,
      name: change.name,
      ...(change.colour ? { colour: change.colour } : {}),
    };
    this.write();
    return this.get();
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
    return parsed.success ? parsed.data : null;
  }

  private write(): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.profile, null, 2));
    renameSync(temporary, this.path);
  }
}
