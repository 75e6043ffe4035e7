// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomStatus } from '../../../shared/channel/host-events';
import { declareIncident } from '../../../shared/ops';
import { describeProtocolMismatch } from '../../../shared/protocol/protocol-version';
import { App } from '../app';
import { createAppStore } from '../store/app-store';
import { FakeHost } from '../testing/fake-host';
import { summarizeConnection } from './connection-status';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

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

  it('says the relay refused the room, and why', () => {
    const summary = summarizeConnection(
      status({ connection: 'refused', refusal: 'The relay rejected the room key.' }),
      0,
      null,
    );
    expect(summary).toEqual({
      tone: 'bad',
      label: 'The relay refused this room',
      detail: 'The relay rejected the room key.',
    });
  });
});

describe('the connection status in an open room', () => {
  it('shows a relay of another protocol version as refused, with the sentence to act on', async () => {
    const host = new FakeHost();
    const store = createAppStore();
    const room = host.addRoom({
      title: 'checkout errors',
      severity: 'SEV2',
      relayUrl: 'http://127.0.0.1:9',
    });
    render(createElement(App, { host, store }));
    await screen.findByRole('heading', { name: 'Recent rooms' });
    fireEvent.click(screen.getByRole('button', { name: /^Open room checkout errors, / }));
    await screen.findByRole('heading', { name: /Declare the incident/ });
    act(() => {
      store.getState().run(declareIncident, { title: 'checkout errors', severity: 'SEV2' });
    });
    await screen.findByRole('heading', { level: 1, name: 'checkout errors' });

    // The sentence the host puts in the status when it meets a newer relay.
    const refusal = describeProtocolMismatch({ relayVersion: 3, clientVersion: 2 });
    act(() => {
      host.emit({
        type: 'room-status',
        status: host.status(room.id, { connection: 'refused', refusal }),
      });
    });
    const connection = screen.getByRole('status', { name: 'Connection' });
    expect(connection.textContent).toContain('The relay refused this room');
    expect(connection.textContent).toContain(
      'This relay speaks protocol 3; this app speaks 2. Update the app.',
    );
    expect(connection.className).toContain('connection--bad');
  });
});
