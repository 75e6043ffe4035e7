import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPostgresBinaries } from './real-postgres';
import { findRedisServer } from './real-redis';

// Where a server is missing, the shared-mode tests must stop with one sentence naming it, never
// pass silently. The lookups honour an override, which points them at nothing here.
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('missing server binaries', () => {
  it('PostgreSQL: names the programs, the folder and the package', () => {
    vi.stubEnv('POSTGRES_BIN_DIR', '/nonexistent/postgresql/bin');
    expect(() => findPostgresBinaries()).toThrow(
      "PostgreSQL's server programs (initdb, pg_ctl, postgres) are not installed in /nonexistent/postgresql/bin: the shared-mode tests need them (apt-get install postgresql, as .ci/run does).",
    );
  });

  it('Redis: names the binary and the package', () => {
    vi.stubEnv('REDIS_SERVER_BIN', '/nonexistent/redis-server');
    expect(() => findRedisServer()).toThrow(
      '/nonexistent/redis-server is not installed: the shared-mode tests need a real Redis (apt-get install redis-server, as .ci/run does).',
    );
  });
});
