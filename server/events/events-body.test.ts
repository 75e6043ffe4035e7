import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_REQUEST, parseEvents } from './events-body';

// docs/RELAY.md is what script authors read; the limit it states is the one the relay enforces.
const relayDoc = readFileSync(new URL('../../docs/RELAY.md', import.meta.url), 'utf8');

describe('events request bodies', () => {
  it('are documented with the batch limit the relay enforces', () => {
    expect(relayDoc).toContain(`A batch holds at most **${MAX_EVENTS_PER_REQUEST} events**`);
    expect(relayDoc).toMatch(
      new RegExp(`\\| 413 .*\\| more than ${MAX_EVENTS_PER_REQUEST} events, or a body over`),
    );
  });

  it('take one object as one event and an array as a batch, up to the limit', () => {
    expect(parseEvents({ text: 'one' })).toEqual({
      ok: true,
      events: [{ text: 'one' }],
      batch: false,
    });
    const full = Array.from({ length: MAX_EVENTS_PER_REQUEST }, (_, i) => ({ text: `${i}` }));
    expect(parseEvents(full)).toMatchObject({ ok: true, batch: true });
    expect(parseEvents([...full, { text: 'one too many' }])).toMatchObject({
      ok: false,
      status: 413,
    });
    expect(parseEvents([])).toMatchObject({ ok: false, status: 400 });
  });

  it('name the first malformed event of a batch by its position', () => {
    expect(parseEvents([{ text: 'fine' }, { text: 'x', milestone: 'fixed' }])).toEqual({
      ok: false,
      status: 400,
      index: 1,
      message:
        'event 1: not an event: milestone: must be one of impactStarted, detected, acknowledged, declared, mitigated, resolved',
    });
  });
});
