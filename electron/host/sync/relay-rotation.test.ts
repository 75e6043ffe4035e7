import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { MAX_RELAY_ADDRESSES, RelayRotation, relayAddresses } from './relay-rotation';

const A = 'http://relay-a.example:8080';
const B = 'http://relay-b.example:8080';
const C = 'https://relay-c.example';
/** random() pinned at 0.5: jitter is half its range, so every delay is known. */
const policy = { baseMs: 100, maxMs: 1_000, random: () => 0.5 };
/** The delay of a move to an address that has not failed in this outage (half of baseMs here). */
const AT_ONCE = 50;

describe('relayAddresses', () => {
  it('puts the room’s relay first and each alternate once, normalized', () => {
    expect(
      relayAddresses(A, [`${A}/`, 'HTTP://Relay-B.example:8080', B, 'ws://relay-d.example']),
    ).toEqual([A, 'HTTP://Relay-B.example:8080', 'http://relay-d.example']);
  });

  it('leaves out what is not a relay address, and a list past the limit', () => {
    expect(relayAddresses(A, ['', 'ftp://x', 'not a url', B])).toEqual([A, B]);
    const many = Array.from({ length: 40 }, (_, index) => `http://relay-${index}.example`);
    expect(relayAddresses(A, many)).toHaveLength(MAX_RELAY_ADDRESSES);
  });
});

describe('RelayRotation', () => {
  it('is the plain jittered backoff with no alternates', () => {
    const rotation = new RelayRotation(A, [], policy);
    const steps = [0, 1, 2, 3].map(() => rotation.failed());
    expect(steps.map((step) => step.address)).toEqual([A, A, A, A]);
    expect(steps.map((step) => step.delayMs)).toEqual(
      [0, 1, 2, 3].map((n) => backoffDelay(n, policy)),
    );
  });

  it('moves to each address once at once, then goes round with a growing backoff', () => {
    const rotation = new RelayRotation(A, [B, C], policy);
    const steps = Array.from({ length: 7 }, () => rotation.failed());
    expect(steps.map((step) => step.address)).toEqual([B, C, A, B, C, A, B]);
    expect(steps.map((step) => step.delayMs)).toEqual([
      AT_ONCE,
      AT_ONCE,
      backoffDelay(0, policy),
      backoffDelay(1, policy),
      backoffDelay(2, policy),
      backoffDelay(3, policy),
      backoffDelay(4, policy),
    ]);
  });

  it('starts a new outage afresh once live, from where it is', () => {
    const rotation = new RelayRotation(A, [B, C], policy);
    [1, 2, 3, 4].forEach(() => rotation.failed()); // all down: A → B → C → A → B
    expect(rotation.address).toBe(B);
    rotation.live();
    // B dies: C at once, then A at once, then B waits the first backoff step again.
    const steps = [1, 2, 3].map(() => rotation.failed());
    expect(steps).toEqual([
      { address: C, delayMs: AT_ONCE },
      { address: A, delayMs: AT_ONCE },
      { address: B, delayMs: backoffDelay(0, policy) },
    ]);
  });

  it('spreads the moves of hosts that lost the same relay', () => {
    const delays = [0, 0.3, 0.999].map(
      (draw) => new RelayRotation(A, [B], { ...policy, random: () => draw }).failed().delayMs,
    );
    expect(delays).toEqual([0, 30, 100]);
  });

  it('leaves out an alternate that refused the room, never the room’s own relay', () => {
    const rotation = new RelayRotation(A, [B, C], policy);
    expect(rotation.failed()).toEqual({ address: B, delayMs: AT_ONCE });
    expect(rotation.refusedHere()).toEqual({ address: C, delayMs: AT_ONCE });
    expect(rotation.usable).toEqual([A, C]);
    expect(rotation.failed().address).toBe(A);
    expect(rotation.refusedHere().address).toBe(C);
    expect(rotation.usable).toEqual([A, C]);
    expect([1, 2, 3].map(() => rotation.failed().address)).toEqual([A, C, A]);
  });

  it('restarts the backoff when told to retry now, keeping the address', () => {
    const rotation = new RelayRotation(A, [B], policy);
    [1, 2, 3, 4, 5].forEach(() => rotation.failed());
    expect(rotation.address).toBe(B);
    rotation.restart();
    expect(rotation.failed()).toEqual({ address: A, delayMs: AT_ONCE });
    expect(rotation.failed()).toEqual({ address: B, delayMs: backoffDelay(0, policy) });
  });

  it('takes a newly advertised list in place of the old one', () => {
    const rotation = new RelayRotation(A, [B], policy);
    rotation.learn([A, C]);
    expect(rotation.alternates).toEqual([C]);
    expect(rotation.failed().address).toBe(C);
    // The address in use left the list: the next failure goes back to the room's relay.
    rotation.learn([B]);
    expect(rotation.failed().address).toBe(A);
    expect(rotation.isHome(`${A}/`)).toBe(true);
  });
});
