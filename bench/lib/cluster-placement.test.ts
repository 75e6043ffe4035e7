import { describe, expect, it } from 'vitest';
import { clusterPlacement } from './cluster-placement';

describe('cluster placement', () => {
  it('puts each room’s readers on relays other than its writer’s, spread over them', () => {
    expect(clusterPlacement(0, 5, 3)).toEqual([0, 1, 2, 1, 2]);
    expect(clusterPlacement(1, 5, 3)).toEqual([1, 2, 0, 2, 0]);
    expect(clusterPlacement(2, 5, 3)).toEqual([2, 0, 1, 0, 1]);
    for (let room = 0; room < 30; room += 1) {
      const [writer, ...readers] = clusterPlacement(room, 5, 3);
      expect(readers.every((relay) => relay !== writer && relay >= 0 && relay < 3)).toBe(true);
    }
  });

  it('spreads the writers evenly over the relays', () => {
    const writers = Array.from({ length: 200 }, (_, room) => clusterPlacement(room, 5, 3)[0]);
    const perRelay = [0, 1, 2].map((relay) => writers.filter((w) => w === relay).length);
    expect(perRelay).toEqual([67, 67, 66]);
  });

  it('refuses one relay, where no delivery could cross', () => {
    expect(() => clusterPlacement(0, 5, 1)).toThrow(RangeError);
  });
});
