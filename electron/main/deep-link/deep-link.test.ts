import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { findDeepLinkArgument, parseDeepLink, protocolClientArgs } from './deep-link';

const GOOD =
  'incident-room://join?relay=https%3A%2F%2Frelay.example.com&room=r-123&key=abcdefgh1234';

describe('parseDeepLink', () => {
  it('reads a join link into an invite', () => {
    const result = parseDeepLink(GOOD);
    expect(result).toEqual({
      ok: true,
      link: {
        kind: 'join',
        link: GOOD,
        invite: { relayUrl: 'https://relay.example.com', roomId: 'r-123', key: 'abcdefgh1234' },
      },
    });
  });

  it('accepts the scheme in any case (Windows may upper-case it)', () => {
    expect(parseDeepLink(GOOD.replace('incident-room', 'Incident-Room')).ok).toBe(true);
  });

  it('refuses other schemes, actions, text around the link and broken invites', () => {
    const cases: Array<[string, RegExp]> = [
      ['https://example.com/join?relay=x', /Not an incident-room/],
      [`see ${GOOD}`, /Not an incident-room/],
      [GOOD.replace('://join', '://delete'), /Unknown incident-room:\/\/ action "delete"/],
      ['incident-room://', /Unknown/],
      [`${GOOD} extra`, /spaces/],
      ['incident-room://join?room=r-1&key=abcdefgh1234', /no relay/],
      ['incident-room://join?relay=file%3A%2F%2F%2Fetc&room=r-1&key=abcdefgh1234', /relay address/],
      ['incident-room://join?relay=https%3A%2F%2Fr.example&room=r-1&key=short', /key/],
      [
        `incident-room://join?relay=https%3A%2F%2Fr.example&room=r-1&key=${'a'.repeat(5000)}`,
        /too long/,
      ],
    ];
    for (const [url, reason] of cases) {
      const result = parseDeepLink(url);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.reason, url).toMatch(reason);
    }
  });
});

describe('findDeepLinkArgument', () => {
  it('finds the link among Chromium switches (Windows/Linux second instance)', () => {
    expect(findDeepLinkArgument(['/opt/Incident Room/incident-room', '--no-sandbox', GOOD])).toBe(
      GOOD,
    );
    expect(findDeepLinkArgument(['C:\\app.exe', '--allow-file-access-from-files'])).toBeNull();
  });
});

describe('protocolClientArgs', () => {
  it('passes the app path when running unpackaged', () => {
    expect(protocolClientArgs(true, ['/usr/lib/electron', '/src/incident-room'])).toEqual([
      'incident-room',
      '/usr/lib/electron',
      ['/src/incident-room'],
    ]);
    expect(protocolClientArgs(false, ['/opt/app/incident-room'])).toEqual(['incident-room']);
  });
});
