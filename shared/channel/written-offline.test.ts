import { describe, expect, it } from 'vitest';
import type { RoomStatus } from './host-events';
import { isWrittenOffline } from './written-offline';

const since = '2026-01-05T10:00:00.000Z';
const status = (
  connection: RoomStatus['connection'],
  offlineSince: string | null = null,
): Pick<RoomStatus, 'connection' | 'offlineSince'> => ({ connection, offlineSince });

describe('isWrittenOffline', () => {
  it('is true only when the relay was lost, refused us, or failed before this attempt', () => {
    expect(isWrittenOffline(status('offline', since))).toBe(true);
    expect(isWrittenOffline(status('offline'))).toBe(true);
    expect(isWrittenOffline(status('refused'))).toBe(true);
    expect(isWrittenOffline(status('connecting', since))).toBe(true);
  });

  it('is false while live, on a first attempt, in a local-only room, and before any status', () => {
    expect(isWrittenOffline(status('live'))).toBe(false);
    expect(isWrittenOffline(status('connecting'))).toBe(false);
    expect(isWrittenOffline(status('local-only'))).toBe(false);
    expect(isWrittenOffline(undefined)).toBe(false);
    expect(isWrittenOffline(null)).toBe(false);
  });
});
