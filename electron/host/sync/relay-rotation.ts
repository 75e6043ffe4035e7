import { normalizeRelayUrl } from '../../../shared/invite/invite-link';
import { type BackoffPolicy, backoffDelay } from './backoff';

/** A longer list is a mistake, not a cluster: the addresses past it are left out. */
export const MAX_RELAY_ADDRESSES = 16;

/** Compares addresses as the relay's `--advertise-urls` writes them (lower-case host, no default port). */
function addressKey(address: string): string {
  try {
    const url = new URL(address);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return address;
  }
}

/**
 * The addresses a room's connection may use: the room's own relay first (its identity: the
 * catalog and invites name it), then the alternates its relays advertised, each normalized and
 * once. Anything that is not an http(s) or ws(s) address is left out.
 */
export function relayAddresses(home: string, alternates: readonly string[]): string[] {
  const addresses = [home];
  const seen = new Set([addressKey(home)]);
  for (const candidate of alternates) {
    const url = normalizeRelayUrl(candidate);
    if (url === null || seen.has(addressKey(url))) continue;
    if (addresses.length >= MAX_RELAY_ADDRESSES) break;
    seen.add(addressKey(url));
    addresses.push(url);
  }
  return addresses;
}

/** Where the next connection attempt goes, and after how long. */
export interface RotationStep {
  address: string;
  delayMs: number;
}

/**
 * Which relay a room's connection tries next. Pure: the caller opens sockets and keeps time.
 *
 * On a failure it moves to the next address in the list, wrapping round. An address that has not
 * failed since the room was last live is tried at once (after a jitter under `baseMs`, so the
 * hosts of a relay that died do not all land on the next one in the same millisecond); one that
 * has failed already waits the jittered exponential backoff, which grows across the whole outage.
 * With a single address this is the plain backoff.
 */
export class RelayRotation {
  private addresses: string[];
  private current: string;
  private attempt = 0;
  /** Addresses (by key) that failed since the room was last live. */
  private readonly failedThisOutage = new Set<string>();
  /** Alternates (by key) that refused this room: not tried again by this connection. */
  private readonly excluded = new Set<string>();

  constructor(
    readonly home: string,
    alternates: readonly string[],
    private readonly backoff: BackoffPolicy,
  ) {
    this.addresses = relayAddresses(home, alternates);
    this.current = home;
  }

  /** The address the next (or the current) attempt uses. */
  get address(): string {
    return this.current;
  }

  /** Every address still in the rotation, the room's relay first. */
  get usable(): string[] {
    return this.addresses.filter((address) => !this.excluded.has(addressKey(address)));
  }

  /** The alternates, without the room's relay: what a host keeps for its next start. */
  get alternates(): string[] {
    return this.addresses.slice(1);
  }

  isHome(address: string): boolean {
    return addressKey(address) === addressKey(this.home);
  }

  /**
   * Takes the list the relays now advertise in place of the one known so far (the operator may
   * have removed a relay). The attempt in flight keeps its address.
   */
  learn(advertised: readonly string[]): void {
    this.addresses = relayAddresses(this.home, advertised);
  }

  /** The room synced on the current address: the next outage starts afresh. */
  live(): void {
    this.attempt = 0;
    this.failedThisOutage.clear();
  }

  /** Retry now (the network came back): the backoff starts over, from the current address. */
  restart(): void {
    this.live();
  }

  /** The current address failed (unreachable, dropped, or closed with a retryable code). */
  failed(): RotationStep {
    this.failedThisOutage.add(addressKey(this.current));
    return this.moveOn();
  }

  /**
   * The current address, an alternate, does not serve this room (it does not know the room, or
   * speaks another protocol version): leave it out from now on and move on. The room's own relay
   * is never left out; its refusals are the caller's to report.
   */
  refusedHere(): RotationStep {
    if (!this.isHome(this.current)) this.excluded.add(addressKey(this.current));
    return this.failed();
  }

  private moveOn(): RotationStep {
    const next = this.nextAddress();
    this.current = next;
    if (!this.failedThisOutage.has(addressKey(next))) {
      return { address: next, delayMs: Math.round(this.backoff.random() * this.backoff.baseMs) };
    }
    const delayMs = backoffDelay(this.attempt, this.backoff);
    this.attempt += 1;
    return { address: next, delayMs };
  }

  /** The address after the current one in list order, skipping excluded ones; home if none. */
  private nextAddress(): string {
    const keys = this.addresses.map(addressKey);
    const from = keys.indexOf(addressKey(this.current));
    for (let step = 1; step <= this.addresses.length; step += 1) {
      const index = (from + step) % this.addresses.length;
      const candidate = this.addresses[index];
      if (candidate !== undefined && !this.excluded.has(keys[index] ?? '')) return candidate;
    }
    return this.home;
  }
}
