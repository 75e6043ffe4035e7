import { describe, expect, it } from 'vitest';
import { newEntryId, randomUuid } from './timeline-writer';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('entry ids', () => {
  it('end in a version 4 UUID and never repeat', () => {
    const ids = Array.from({ length: 10_000 }, newEntryId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-z]{8}-/);
    for (const id of ids) expect(id.slice(9)).toMatch(UUID_V4);
  });

  it('spread their random digits over every hex value', () => {
    const seen = new Set(Array.from({ length: 200 }, randomUuid).join('').replaceAll('-', ''));
    expect([...seen].sort().join('')).toBe('0123456789abcdef');
  });
});
