/**
 * The pure parsers that take text from outside: invite links (pasted from chat) and template
 * files (written by users). Mutations of valid inputs, with path tricks and control characters;
 * each parse must return a result, never throw, and a refusal must say what is wrong.
 * FUZZ_RUNS scales the runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInvite, parseInvite } from '../../shared/invite/invite-link';
import { ROOM_ID_PATTERN } from '../../shared/protocol/relay-protocol';
import { parseTemplateFile } from '../../shared/templates/parse-template-file';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

const VALID_INVITE = formatInvite({
  relayUrl: 'https://relay.example.com',
  roomId: 'checkout-errors-0324',
  key: 'k3Y_abcdefghijklmnopqrstuvwxyz0123456789-AB',
});

/** Pieces that have broken parsers before: path steps, encodings, control and odd characters. */
const hostile = fc.constantFrom(
  '../',
  '..%2F',
  '%2e%2e%2f',
  '/',
  '\\',
  '\u0000',
  '%00',
  '\r\n',
  '\u202e',
  '\u0007',
  '&key=',
  '&room=../etc',
  '&relay=file:///etc/passwd',
  '#',
  '?',
  '%',
  '%ZZ',
  ' ',
  '"',
  '<',
  'é',
  '\ud800',
  'x'.repeat(300),
);

/** Inserts, deletes or replaces at random places, with hostile pieces or arbitrary text. */
const edits = fc.array(
  fc.tuple(
    fc.nat(),
    fc.nat({ max: 6 }),
    fc.oneof(hostile, fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })),
  ),
  { minLength: 1, maxLength: 5 },
);

function applyEdits(text: string, list: ReadonlyArray<[number, number, string]>): string {
  let out = text;
  for (const [at, remove, insert] of list) {
    const where = at % (out.length + 1);
    out = out.slice(0, where) + insert + out.slice(where + remove);
  }
  return out;
}

/** Control and invisible format characters (NUL, BEL, zero-width, bidi overrides). */
const CONTROL = /[\p{Cc}\p{Cf}]/u;

describe('invite links from outside', () => {
  it(`never throws on ${RUNS} mutated links; what it accepts is safe to use`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(edits, (list) => {
        const text = applyEdits(VALID_INVITE, list);
        const result = parseInvite(text);
        if (!result.ok) {
          expect(result.message.length).toBeGreaterThan(10);
          return;
        }
        accepted += 1;
        const { roomId, key, relayUrl } = result.invite;
        expect(roomId).toMatch(ROOM_ID_PATTERN);
        expect(roomId).not.toContain('..');
        expect(key).toMatch(/^[A-Za-z0-9_~.-]{8,256}$/);
        expect(relayUrl).toMatch(/^https?:\/\//);
        expect(relayUrl).not.toMatch(CONTROL);
        expect(relayUrl).not.toMatch(/\s/);
        // What was read is exactly what would be written again.
        expect(parseInvite(formatInvite(result.invite))).toEqual(result);
      }),
      { numRuns: RUNS },
    );
    // Some mutations keep the link valid (e.g. changed key characters): the run is not vacuous.
    expect(accepted).toBeGreaterThan(0);
  });

  it.each([
    ['a room id with ../', VALID_INVITE.replace('checkout-errors-0324', '..%2Fetc'), 'bad-room'],
    ['a room id with a NUL', VALID_INVITE.replace('checkout-errors-0324', 'room%00x'), 'bad-room'],
    ['a room id with CR LF', VALID_INVITE.replace('checkout-errors-0324', 'a%0D%0Ab'), 'bad-room'],
    ['a key with a slash', VALID_INVITE.replace('k3Y_', 'k3Y%2F'), 'bad-key'],
    [
      'a file: relay',
      VALID_INVITE.replace(/relay=[^&]+/, 'relay=file%3A%2F%2F%2Fetc'),
      'bad-relay',
    ],
    [
      'a relay with credentials',
      VALID_INVITE.replace(/relay=[^&]+/, 'relay=https%3A%2F%2Fu%3Ap%40evil'),
      'bad-relay',
    ],
  ])('refuses %s', (_what, text, error) => {
    const result = parseInvite(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe(error);
  });
});

function templateFiles(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...templateFiles(path));
    else
      out.push({
        file: relative(TEMPLATES, path).split('\\').join('/'),
        text: readFileSync(path, 'utf8'),
      });
  }
  return out;
}

describe('template files from users', () => {
  const files = templateFiles(TEMPLATES);

  it('the shipped templates parse (the mutation base is valid)', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const { file, text } of files) expect(parseTemplateFile(file, text).ok, file).toBe(true);
  });

  it(`never throws on ${RUNS} mutated templates, answers fast, and every refusal says where`, () => {
    let refused = 0;
    let slowest = 0;
    fc.assert(
      fc.property(fc.nat(), edits, fc.boolean(), (which, list, mutateName) => {
        const base = files[which % files.length]!;
        const file = mutateName ? applyEdits(base.file, list.slice(0, 1)) : base.file;
        const text = applyEdits(base.text, list);
        const started = performance.now();
        const result = parseTemplateFile(file, text);
        slowest = Math.max(slowest, performance.now() - started);
        if (result.ok) return;
        refused += 1;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          expect(problem.message.length).toBeGreaterThan(3);
          expect(typeof problem.file).toBe('string');
        }
      }),
      { numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 10);
    expect(slowest).toBeLessThan(1_000);
  });

  it('refuses file names that step outside the templates folder or hide control characters', () => {
    const text = readFileSync(join(TEMPLATES, 'severity.yaml'), 'utf8');
    for (const file of [
      '../severity.yaml',
      'runbooks/../../etc/passwd.yaml',
      '/etc/severity.yaml',
      'runbooks\\..\\x.yaml',
      'runbooks/bad\u0000.yaml',
      'runbooks/bad\nname.yaml',
      'runbooks/.hidden.yaml',
      'status/%2e%2e.mustache',
    ]) {
      const result = parseTemplateFile(file, text);
      expect(result.ok, JSON.stringify(file)).toBe(false);
    }
  });
});
