// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findEntityMap, roomRoots } from '../../../shared/doc/roots';
import {
  addActionItem,
  offerFollowUpTargets,
  recordFollowUpIssue,
  resolveIncident,
  type OperationContext,
} from '../../../shared/ops';
import { readFollowUps } from '../../../shared/ops/follow-up-issues';
import { openTestRoom, TEST_PEOPLE, type TestRoom } from '../testing/open-test-room';
import { ActionItemsPanel } from './action-items-panel';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

/** What the relay writes into the room (server/outbound/trackers), here on the host's copy. */
const relay: OperationContext = {
  actor: { id: 'relay-trackers', name: 'Tracker follow-ups' },
  now: () => Date.now(),
};

async function openPanel(): Promise<{ room: TestRoom; canary: string; done: string }> {
  const room = await openTestRoom();
  let canary = '';
  let done = '';
  act(() => {
    offerFollowUpTargets(room.hostDoc, relay, {
      targets: [
        { id: 'gh', kind: 'github' },
        { id: 'jira-ops', kind: 'jira' },
      ],
    });
    canary = addActionItem(room.hostDoc, room.as(TEST_PEOPLE.iris), {
      title: 'Add a canary stage',
      owner: 'Iris',
    }).id;
    done = addActionItem(room.hostDoc, room.as(TEST_PEOPLE.iris), {
      title: 'Roll back v2.14',
      status: 'done',
    }).id;
  });
  room.render(<ActionItemsPanel />);
  await screen.findByRole('listitem', { name: 'Action item: Add a canary stage' });
  return { room, canary, done };
}

const requestsOnHost = (room: TestRoom, itemId: string) =>
  readFollowUps(findEntityMap(roomRoots(room.hostDoc).actionItems, itemId)!).requests;

describe('follow-ups in the action items panel', () => {
  it('sends an open item to a tracker the relay offers, then shows the issue link', async () => {
    const { room, canary, done } = await openPanel();
    const item = screen.getByRole('listitem', { name: 'Action item: Add a canary stage' });
    const doneItem = screen.getByRole('listitem', { name: 'Action item: Roll back v2.14' });
    expect(within(doneItem).queryByRole('button', { name: /^Send to/ })).toBeNull();

    fireEvent.click(within(item).getByRole('button', { name: 'Send to gh (GitHub)' }));
    await vi.waitFor(() => expect(Object.keys(requestsOnHost(room, canary))).toEqual(['gh']));
    expect(requestsOnHost(room, canary).gh?.by).toEqual(TEST_PEOPLE.me);
    await within(item).findByText('Sending to gh (GitHub)…');

    act(() => {
      recordFollowUpIssue(room.hostDoc, relay, {
        itemId: canary,
        targetId: 'gh',
        issue: {
          state: 'created',
          url: 'https://github.com/acme/payments/issues/42',
          ref: '#42',
          error: null,
          at: new Date().toISOString(),
        },
      });
    });
    const link = await within(item).findByRole('link', { name: 'gh (GitHub): #42' });
    expect(link.getAttribute('href')).toBe('https://github.com/acme/payments/issues/42');
    expect(within(item).queryByRole('button', { name: 'Send to gh (GitHub)' })).toBeNull();
    expect(Object.keys(requestsOnHost(room, done))).toEqual([]);
  });

  it('sends all open follow-ups at once, and shows a refusal with "Send again"', async () => {
    const { room, canary, done } = await openPanel();
    fireEvent.click(
      screen.getByRole('button', { name: 'Send all open follow-ups to jira-ops (Jira)' }),
    );
    await vi.waitFor(() => expect(Object.keys(requestsOnHost(room, canary))).toEqual(['jira-ops']));
    expect(Object.keys(requestsOnHost(room, done))).toEqual([]);

    act(() => {
      recordFollowUpIssue(room.hostDoc, relay, {
        itemId: canary,
        targetId: 'jira-ops',
        issue: {
          state: 'failed',
          url: null,
          ref: null,
          error: 'HTTP 401: Client must be authenticated',
          at: new Date(Date.now() + 1000).toISOString(),
        },
      });
    });
    const item = screen.getByRole('listitem', { name: 'Action item: Add a canary stage' });
    expect((await within(item).findByRole('status')).textContent).toContain(
      'Not sent to jira-ops (Jira): HTTP 401: Client must be authenticated',
    );
    expect(
      within(item).getByRole('button', { name: 'Send again to jira-ops (Jira)' }),
    ).toBeTruthy();
  });

  it('offers nothing without a relay that has tracker targets', async () => {
    const room = await openTestRoom();
    act(() => {
      addActionItem(room.hostDoc, room.as(TEST_PEOPLE.iris), { title: 'Add a canary stage' });
    });
    room.render(<ActionItemsPanel />);
    await screen.findByRole('listitem', { name: 'Action item: Add a canary stage' });
    expect(screen.queryByRole('button', { name: /Send/ })).toBeNull();
  });

  it('says, once the incident is resolved, how many open follow-ups are in no tracker, until sent', async () => {
    const { room } = await openPanel();
    expect(screen.queryByRole('status', { name: 'Unsent follow-ups' })).toBeNull();
    act(() => {
      resolveIncident(room.hostDoc, room.as(TEST_PEOPLE.me), { overrideReason: 'test: at once' });
    });
    // The done item is not counted: it needs no follow-up.
    expect((await screen.findByRole('status', { name: 'Unsent follow-ups' })).textContent).toBe(
      'The incident is resolved: 1 open follow-up is in no tracker yet.',
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Send all open follow-ups to gh (GitHub)' }),
    );
    await vi.waitFor(() =>
      expect(screen.queryByRole('status', { name: 'Unsent follow-ups' })).toBeNull(),
    );
  });
});
