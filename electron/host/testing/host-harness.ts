import { afterEach } from 'vitest';
import { Host, type HostOptions } from '../host';
import { RelayProcess } from './spawn-relay-process';
import { TEST_BACKOFF, tempDir } from './test-fixtures';

export interface TestPerson {
  host: Host;
  dataDir: string;
  /** Opens the same data folder again (after `host.close()`), like restarting the app. */
  reopen: () => Host;
}

/**
 * Per-test hosts (each with its own data folder, like separate people) and relay processes,
 * torn down after each test whatever happened in it.
 */
export function useHostHarness(): {
  newHost: (options?: Partial<HostOptions>) => TestPerson;
  newRelay: () => Promise<RelayProcess>;
} {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    newHost(options = {}) {
      const dir = tempDir('ir-host-');
      cleanups.push(() => dir.remove());
      const open = (): Host => {
        const host = Host.open({ dataDir: dir.path, backoff: TEST_BACKOFF, ...options });
        cleanups.push(() => host.close());
        return host;
      };
      return { host: open(), dataDir: dir.path, reopen: open };
    },
    async newRelay() {
      const relay = await RelayProcess.start();
      cleanups.push(() => relay.dispose());
      return relay;
    },
  };
}
