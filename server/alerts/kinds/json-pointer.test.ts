import { describe, expect, it } from 'vitest';
import { type JsonPointer, parseJsonPointer, resolveJsonPointer } from './json-pointer';

function pointer(text: string): JsonPointer {
  const parsed = parseJsonPointer(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.pointer;
}

function errorOf(text: string): string | undefined {
  const parsed = parseJsonPointer(text);
  return 'error' in parsed ? parsed.error : undefined;
}

describe('JSON Pointer (RFC 6901)', () => {
  // The example document and pointers of RFC 6901 section 5, written out here.
  const document = JSON.parse(
    '{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\\\j":5,"k\\"l":6," ":7,"m~n":8}',
  ) as unknown;

  it.each([
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ])('resolves the RFC example %j', (text, expected) => {
    expect(resolveJsonPointer(document, pointer(text))).toEqual(expected);
  });

  it('resolves "" to the whole document', () => {
    expect(resolveJsonPointer(document, pointer(''))).toBe(document);
  });

  it('unescapes ~1 before ~0, so ~01 is the name "~1" and not "/"', () => {
    const body = { '~1': 'tilde-one', '/': 'slash', 'team/owner': 'sre' };
    expect(resolveJsonPointer(body, pointer('/~01'))).toBe('tilde-one');
    expect(resolveJsonPointer(body, pointer('/~1'))).toBe('slash');
    expect(resolveJsonPointer(body, pointer('/team~1owner'))).toBe('sre');
  });

  it('names nothing for missing members, bad indexes and paths through scalars', () => {
    const body = { list: ['a', 'b'], text: 'abc', none: null };
    expect(resolveJsonPointer(body, pointer('/missing'))).toBeUndefined();
    expect(resolveJsonPointer(body, pointer('/list/2'))).toBeUndefined();
    expect(resolveJsonPointer(body, pointer('/list/01'))).toBeUndefined();
    expect(resolveJsonPointer(body, pointer('/list/-'))).toBeUndefined();
    expect(resolveJsonPointer(body, pointer('/list/1'))).toBe('b');
    expect(resolveJsonPointer(body, pointer('/text/0'))).toBeUndefined();
    expect(resolveJsonPointer(body, pointer('/none/x'))).toBeUndefined();
    expect(resolveJsonPointer(body, pointer('/none'))).toBeNull();
  });

  it('never reads inherited members', () => {
    expect(resolveJsonPointer({}, pointer('/constructor'))).toBeUndefined();
    expect(resolveJsonPointer({}, pointer('/__proto__'))).toBeUndefined();
    expect(resolveJsonPointer({ a: {} }, pointer('/a/toString'))).toBeUndefined();
  });

  it('refuses a pointer without a leading slash and a bare ~', () => {
    expect(errorOf('foo')).toContain('starts with "/"');
    expect(errorOf('#/foo')).toContain('starts with "/"');
    expect(errorOf('/a~2b')).toContain('"~0"');
    expect(errorOf('/a~')).toContain('"~0"');
  });
});
