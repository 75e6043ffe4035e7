import { describe, expect, it } from 'vitest';
import type { RoomStatus } from '../../../shared/channel/host-events';
import { summarizeConnection } from './connection-status';

const status = (patch: Partial<RoomStatus>): RoomStatus => ({
  roomId: 'r',
  connection: 'live',
  offlineSince: null,
  pendingToRelay: 0,
  clockOffsetMs: 0,
  refusal: null,
  lastConfirmedAt: null,
  saveError: null,
  ...patch,
});

describe('the connection sentence', () => {
  it('says Live only when nothing is pending anywhere', () => {
    expect(summarizeConnection(status({}), 0, null).label).toBe('Live');
    expect(summarizeConnection(status({ pendingToRelay: 3 }), 0, null).label).toBe(
      '3 changes not yet on the relay',
    );
    expect(summarizeConnection(status({}), 2, null).label).toBe('Saving 2 changes…');
  });

  it('names the UTC time the relay was lost and the changes waiting for it', () => {
    const summary = summarizeConnection(
      status({
        connection: 'offline',
        offlineSince: '2024-12-11T14:41:30.000Z',
        pendingToRelay: 1,
      }),
      0,
      null,
    );
    expect(summary.label).toBe('Offline since 14:41 UTC');
    expect(summary.detail).toBe('1 change not yet on the relay');
    expect(summary.tone).toBe('bad');
  });

  it('puts a lost host above everything, since nothing is being saved', () => {
    expect(summarizeConnection(status({}), 0, 'socket closed').label).toMatch(/not being saved/);
  });
  it('puts a failed disk write above everything but a lost host', () => {
    const summary = summarizeConnection(
      status({ saveError: 'SQLITE_FULL: disk is full' }),
      0,
      null,
    );
    expect(summary).toMatchObject({ tone: 'bad', detail: 'SQLITE_FULL: disk is full' });
    expect(summary.label).toMatch(/not saved to disk/i);
  });
});
