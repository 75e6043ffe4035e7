import { describe, expect, it } from 'vitest';
import { formatValidationError } from '../../../shared/util/validation-message';
import { applyMapping, type GenericMapping, genericMappingSchema } from './generic-mapping';

function mapping(fields: Record<string, unknown>): GenericMapping {
  return genericMappingSchema.parse({ title: '/title', dedupeKey: '/group', ...fields });
}

function refusal(map: GenericMapping, body: unknown): string {
  try {
    applyMapping(map, body);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the mapping accepted the body');
}

const body = {
  title: 'Disk  full\non db-1',
  group: 'db-1/disk',
  state: 'alerting',
  level: 2,
  at: '2026-03-24T02:58:41Z',
  epoch: 1774321121,
  epochMs: 1774321121250,
  quoted: '1774321121',
  tags: { service: 'db', shard: 3, primary: true, owner: null, extra: { rack: 'b2' } },
  'team/owner': { 'on~call': 'sre' },
  url: 'https://grafana.example.com/d/abc',
  delivery: { id: 'evt-77' },
  list: ['zero', 'one'],
};

describe('genericMappingSchema', () => {
  it('reads the short forms: time as an ISO pointer, labels as one pointer', () => {
    const parsed = mapping({ time: '/at', labels: '/tags' });
    expect(parsed.time).toEqual({ pointer: { text: '/at', tokens: ['at'] }, format: 'iso' });
    expect(parsed.labels).toEqual({ text: '/tags', tokens: ['tags'] });
  });

  it('refuses a bad pointer, a status word it does not know and an unknown field', () => {
    const check = (fields: Record<string, unknown>) => {
      const result = genericMappingSchema.safeParse({
        title: '/title',
        dedupeKey: '/group',
        ...fields,
      });
      return result.success ? 'accepted' : formatValidationError(result.error);
    };
    expect(check({ title: 'title' })).toBe(
      'title: a JSON Pointer starts with "/" (or is "" for the whole body)',
    );
    expect(check({ status: { pointer: '/state', values: { alerting: 'burning' } } })).toContain(
      'status.values.alerting',
    );
    expect(check({ status: { pointer: '/state', values: {} } })).toBe(
      'status.values: must map at least one value',
    );
    expect(check({ tilte: '/title' })).toContain('tilte: unknown key');
    expect(check({ time: { pointer: '/at', format: 'epoch' } })).not.toBe('accepted');
  });
});

describe('applyMapping', () => {
  it('reads every mapped field, on one line where it is a title', () => {
    const fields = applyMapping(
      mapping({
        status: { pointer: '/state', values: { alerting: 'firing', ok: 'resolved' } },
        severity: '/level',
        time: '/at',
        labels: { service: '/tags/service', owner: '/team~1owner/on~0call', second: '/list/1' },
        description: '/title',
        link: '/url',
        deliveryId: '/delivery/id',
      }),
      body,
    );
    expect(fields).toEqual({
      title: 'Disk full on db-1',
      dedupeKey: 'db-1/disk',
      status: 'firing',
      severity: '2',
      time: Date.parse('2026-03-24T02:58:41Z'),
      labels: { service: 'db', owner: 'sre', second: 'one' },
      description: 'Disk  full\non db-1',
      link: 'https://grafana.example.com/d/abc',
      deliveryId: 'evt-77',
    });
  });

  it('fires when no status is mapped and leaves unmapped fields out', () => {
    expect(applyMapping(mapping({}), body)).toMatchObject({
      status: 'firing',
      severity: undefined,
      time: undefined,
      labels: {},
      deliveryId: undefined,
    });
  });

  it('maps status values, including to resolved', () => {
    const map = mapping({
      status: { pointer: '/state', values: { alerting: 'firing', ok: 'resolved' } },
    });
    expect(applyMapping(map, { ...body, state: 'ok' }).status).toBe('resolved');
    expect(refusal(map, { ...body, state: 'pending' })).toBe(
      'status: "pending" at /state is not one of the mapped values ("alerting", "ok")',
    );
    expect(refusal(map, { ...body, state: 'constructor' })).toContain('is not one of the mapped');
  });

  it('flattens a labels object: scalars as text, nested values as JSON, nulls left out', () => {
    expect(applyMapping(mapping({ labels: '/tags' }), body).labels).toEqual({
      service: 'db',
      shard: '3',
      primary: 'true',
      extra: '{"rack":"b2"}',
    });
    expect(refusal(mapping({ labels: '/list' }), body)).toBe(
      'labels: /list is a list, not an object',
    );
  });

  it.each([
    ['iso', '/at', Date.parse('2026-03-24T02:58:41Z')],
    ['epoch-seconds', '/epoch', 1774321121000],
    ['epoch-seconds', '/quoted', 1774321121000],
    ['epoch-milliseconds', '/epochMs', 1774321121250],
  ])('reads time as %s from %s', (format, pointer, expected) => {
    expect(applyMapping(mapping({ time: { pointer, format } }), body).time).toBe(expected);
  });

  it('refuses a time in the wrong form, naming the pointer', () => {
    expect(refusal(mapping({ time: '/epoch' }), body)).toBe(
      'time: /epoch is a number, not ISO-8601 text',
    );
    // Milliseconds read as seconds land far past 2200: caught, not stored.
    expect(refusal(mapping({ time: { pointer: '/epochMs', format: 'epoch-seconds' } }), body)).toBe(
      'time: /epochMs is outside the years 2000–2199',
    );
    expect(refusal(mapping({ time: '/title' }), body)).toContain('time: /title "Disk');
  });

  it.each([
    [{ title: '/missing' }, 'title: nothing at /missing in the body'],
    [{ dedupeKey: '/tags/owner' }, 'dedupeKey: nothing at /tags/owner in the body'],
    [{ dedupeKey: '/tags' }, 'dedupeKey: /tags is an object, not text'],
    [{ title: '' }, 'title: "" (the whole body) is an object, not text'],
    [{ severity: '/nope' }, 'severity: nothing at /nope in the body'],
    [{ description: '/list/5' }, 'description: nothing at /list/5 in the body'],
    [{ labels: { team: '/team' } }, 'labels.team: nothing at /team in the body'],
    [{ link: '/title' }, 'link: /title is not an http(s) URL'],
    [{ deliveryId: '/delivery' }, 'deliveryId: /delivery is an object, not text'],
  ])('refuses a missing or unusable mapped field with its pointer (%j)', (fields, reason) => {
    expect(refusal(mapping(fields), body)).toBe(reason);
  });

  it('refuses an empty title and an overlong dedupe key', () => {
    expect(refusal(mapping({}), { ...body, title: '  ' })).toBe('title: /title is empty');
    expect(refusal(mapping({}), { ...body, group: 'g'.repeat(513) })).toBe(
      'dedupeKey: /group is 513 characters; at most 512',
    );
  });

  it('refuses a javascript: link', () => {
    expect(refusal(mapping({ link: '/url' }), { ...body, url: 'javascript:alert(1)' })).toBe(
      'link: /url is not an http(s) URL',
    );
  });
});
