import { networkInterfaces } from 'node:os';

/**
 * Plain Node has no "online" event. Addresses appearing or changing (Wi-Fi back, VPN up, a new
 * DHCP lease) are the best signal we have that the relay may be reachable again.
 */
export function networkFingerprint(
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): string {
  const addresses: string[] = [];
  for (const [name, entries] of Object.entries(interfaces)) {
    for (const entry of entries ?? []) {
      if (!entry.internal) addresses.push(`${name}/${entry.family}/${entry.address}`);
    }
  }
  return addresses.sort().join(',');
}

export interface NetworkWatchOptions {
  intervalMs?: number;
  /** Injectable for tests. */
  readFingerprint?: () => string;
}

/** Calls `onChange` when the machine's addresses change; returns a function that stops watching. */
export function watchNetwork(onChange: () => void, options: NetworkWatchOptions = {}): () => void {
  const read = options.readFingerprint ?? (() => networkFingerprint());
  let last = read();
  const timer = setInterval(() => {
    const current = read();
    if (current === last) return;
    last = current;
    onChange();
  }, options.intervalMs ?? 3000);
  // Watching must never keep a process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
