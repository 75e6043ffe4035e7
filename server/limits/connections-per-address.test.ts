import { describe, expect, it } from 'vitest';
import { ConnectionsPerAddress } from './connections-per-address';

describe('ConnectionsPerAddress', () => {
  it('counts per address and frees slots on release', () => {
    const limit = new ConnectionsPerAddress(2);
    expect(limit.tryAcquire('a')).toBe(true);
    expect(limit.tryAcquire('a')).toBe(true);
    expect(limit.tryAcquire('a')).toBe(false);
    expect(limit.tryAcquire('b')).toBe(true);
    expect(limit.total()).toBe(3);
    limit.release('a');
    expect(limit.tryAcquire('a')).toBe(true);
    limit.release('b');
    limit.release('b');
    expect(limit.total()).toBe(2);
  });
});
