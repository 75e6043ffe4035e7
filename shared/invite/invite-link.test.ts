import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInvite, parseInvite } from './invite-link';

const key = 'wK3_x-9aQzLmNoPq';

describe('parseInvite', () => {
  it('reads a link', () => {
    const result = parseInvite(
      `incident-room://join?relay=https%3A%2F%2Frelay.example.com&room=inc-42&key=${key}`,
    );
    expect(result).toEqual({
      ok: true,
      invite: { relayUrl: 'https://relay.example.com', roomId: 'inc-42', key },
    });
  });

  it('finds the link inside pasted chat text', () => {
    const text = `join here: <incident-room://join?relay=http://127.0.0.1:4000/&room=r1&key=${key}> thanks`;
    const result = parseInvite(text);
    expect(result).toEqual({
      ok: true,
      invite: { relayUrl: 'http://127.0.0.1:4000', roomId: 'r1', key },
    });
  });

  it('stores a websocket relay address as http', () => {
    const result = parseInvite(`incident-room://join?relay=wss://r.example&room=r1&key=${key}`);
    expect(result.ok && result.invite.relayUrl).toBe('https://r.example');
  });

  it.each([
    ['https://example.com', 'not-an-invite'],
    [`incident-room://join?room=r1&key=${key}`, 'missing-relay'],
    [`incident-room://join?relay=file:///etc/passwd&room=r1&key=${key}`, 'bad-relay'],
    [`incident-room://join?relay=javascript:alert(1)&room=r1&key=${key}`, 'bad-relay'],
    // Found by reliability/fuzz/parsers-fuzz.test.ts: control and bidi characters in the host.
    [`incident-room://join?relay=https://%07relay.example&room=r1&key=${key}`, 'bad-relay'],
    [`incident-room://join?relay=https://relay%E2%80%AEelpmaxe&room=r1&key=${key}`, 'bad-relay'],
    [`incident-room://join?relay=https://r.example/%00path&room=r1&key=${key}`, 'bad-relay'],
    [`incident-room://join?relay=https://r\ud800.example&room=r1&key=${key}`, 'bad-relay'],
    [`incident-room://join?relay=http://a&key=${key}`, 'missing-room'],
    [`incident-room://join?relay=http://a&room=..%2Fetc&key=${key}`, 'bad-room'],
    ['incident-room://join?relay=http://a&room=r1', 'missing-key'],
    ['incident-room://join?relay=http://a&room=r1&key=short', 'bad-key'],
    ['incident-room://join?relay=http://a&room=r1&key=%E0%A4%A', 'missing-key'],
  ])('refuses %s with %s', (text, error) => {
    const result = parseInvite(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBe(error);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('keeps the first key when a second one is appended', () => {
    const result = parseInvite(
      `incident-room://join?relay=http://a&room=r1&key=${key}&key=attackerKey123`,
    );
    expect(result.ok && result.invite.key).toBe(key);
  });

  it('round-trips any valid invite through formatInvite', () => {
    const idChars = 'abcXYZ019_-'.split('');
    fc.assert(
      fc.property(
        fc.constantFrom(
          'http://127.0.0.1:1234',
          'https://relay.example.com',
          'https://r.example/base',
        ),
        fc
          .string({ unit: fc.constantFrom(...idChars), minLength: 1, maxLength: 40 })
          .map((s) => `r${s}`),
        fc.string({ unit: fc.constantFrom(...idChars, '.', '~'), minLength: 8, maxLength: 60 }),
        (relayUrl, roomId, inviteKey) => {
          const invite = { relayUrl, roomId, key: inviteKey };
          expect(parseInvite(formatInvite(invite))).toEqual({ ok: true, invite });
        },
      ),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        parseInvite(text);
        parseInvite(`incident-room://join?${text}`);
      }),
    );
  });
});
