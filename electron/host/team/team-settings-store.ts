import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KEY_PATTERN, normalizeRelayUrl } from '../../../shared/invite/invite-link';
import type { TeamSettings } from '../../../shared/channel/host-api';

/** The team relay and its key, in full: only the host holds this. */
export interface TeamConfig {
  relayUrl: string;
  key: string;
}

const teamFileSchema = z.object({
  relayUrl: z.string().min(1),
  key: z.string().min(1),
});

/**
 * A key shown in a window: enough of its end to tell two keys apart, never enough to use it.
 * Short keys show nothing of themselves.
 */
export function maskTeamKey(key: string): string {
  return key.length >= 16 ? `••••••••${key.slice(-4)}` : '••••••••';
}

/**
 * The team relay and key, kept in `<dataDir>/team.json` (owner-only), beside the profile. The key
 * leaves this object only towards the relay: windows get `settings()`, which masks it.
 */
export class TeamSettingsStore {
  private config: TeamConfig | null;
  private readonly path: string;

  constructor(dataDir: string, initial?: TeamConfig) {
    this.path = join(dataDir, 'team.json');
    this.config = this.read();
    // A key given at start (web mode's --team-key) is saved like a --name: it stays after restarts.
    if (initial) this.set(initial.relayUrl, initial.key);
  }

  /** Full settings for talking to the relay; null when no team is set. */
  get(): TeamConfig | null {
    return this.config ? { ...this.config } : null;
  }

  settings(): TeamSettings {
    return {
      relayUrl: this.config?.relayUrl ?? null,
      maskedKey: this.config ? maskTeamKey(this.config.key) : null,
    };
  }

  /** Sets (or, with null, clears) the team; a relay address that is not one throws. */
  set(relayUrl: string | null, key: string | null): void {
    if (relayUrl === null || key === null) {
      this.config = null;
    } else {
      const url = normalizeRelayUrl(relayUrl);
      if (url === null)
        throw new Error(`Not a relay address: ${relayUrl} (expected http(s)://host:port).`);
      const trimmed = key.trim();
      // The team key travels where room keys do (the websocket's ?key=), so it has their form.
      if (!KEY_PATTERN.test(trimmed))
        throw new Error('A team key is 8 to 256 letters, digits, or - _ . ~');
      this.config = { relayUrl: url, key: trimmed };
    }
    this.write();
  }

  private read(): TeamConfig | null {
    if (!existsSync(this.path)) return null;
    try {
      const parsed = teamFileSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      // A damaged file holds no incident data: the person types the key again.
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private write(): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.config ?? {}, null, 2), { mode: 0o600 });
    // writeFileSync's mode applies only when it creates the file; a leftover .tmp keeps its own.
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }
}
