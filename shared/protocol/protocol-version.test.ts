import { describe, expect, it } from 'vitest';
import {
  describeProtocolMismatch,
  parseDeclaredProtocol,
  parseProtocolMismatchReason,
  protocolMismatchReason,
} from './protocol-version';

describe('protocol version', () => {
  it('reads a declared version, nothing, or refuses anything but a whole number', () => {
    expect(parseDeclaredProtocol(null)).toEqual({ kind: 'none' });
    expect(parseDeclaredProtocol('2')).toEqual({ kind: 'version', version: 2 });
    for (const bad of ['', '0', '01', '-1', '1.5', 'two', '1 ', '9999999999']) {
      expect(parseDeclaredProtocol(bad)).toEqual({ kind: 'malformed' });
    }
  });

  it('round-trips both versions through the close reason, which fits a close frame', () => {
    const mismatch = { relayVersion: 123456789, clientVersion: 987654321 };
    const reason = protocolMismatchReason(mismatch);
    // ASCII, so its length in characters is its length in bytes.
    expect(reason).toMatch(/^[\x20-\x7e]+$/);
    expect(reason.length).toBeLessThanOrEqual(123);
    expect(parseProtocolMismatchReason(reason)).toEqual(mismatch);
    expect(parseProtocolMismatchReason('too many messages')).toBeNull();
  });

  it('tells the person which side is older', () => {
    expect(describeProtocolMismatch({ relayVersion: 2, clientVersion: 1 })).toBe(
      'This relay speaks protocol 2; this app speaks 1. Update the app.',
    );
    expect(describeProtocolMismatch({ relayVersion: 1, clientVersion: 2 })).toBe(
      'This relay speaks protocol 1; this app speaks 2. The relay is older: ask its operator to update it.',
    );
  });
});
