// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setStatusDraft } from '../../../shared/ops';
import { openTestRoom, TEST_PEOPLE } from '../testing/open-test-room';
import { StatusPanel } from './status-panel';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const reviewState = () => screen.getByRole('status', { name: 'Review state' });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

async function openStatusPanel(options: Parameters<typeof openTestRoom>[0] = {}) {
  const room = await openTestRoom(options);
  room.render(<StatusPanel />);
  await screen.findByRole('heading', { name: 'Status update' });
  return room;
}

describe('the status panel', () => {
  it('lets the IC approve in one action, then voids it on an edit, approves again and publishes', async () => {
    const room = await openStatusPanel();
    expect(reviewState().textContent).toBe('Draft: not yet approved.');
    expect(button('Publish update').disabled).toBe(true);
    // The IC has nobody to ask for a review.
    expect(screen.queryByRole('button', { name: 'Request review' })).toBeNull();

    fireEvent.click(button('Insert investigating template'));
    await vi.waitFor(() =>
      expect(room.store.getState().view?.status.draft).toMatch(/payments-api/),
    );
    fireEvent.click(button('Approve update'));
    await vi.waitFor(() =>
      expect(reviewState().textContent).toMatch(
        /^Approved: ready to publish\. Approved by Dana \(IC\) at \d\d:\d\d UTC\.$/,
      ),
    );
    expect(button('Publish update').disabled).toBe(false);

    // Someone else edits the draft after the approval: it no longer holds, visibly.
    const approved = room.store.getState().view?.status.draft ?? '';
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: `${approved} More soon.` });
    });
    await vi.waitFor(() =>
      expect(reviewState().textContent).toBe(
        'Approval void: the draft changed after it was approved. Ask for approval again. (It was approved by Dana (IC).)',
      ),
    );
    expect(button('Publish update').disabled).toBe(true);

    fireEvent.click(button('Approve update'));
    await vi.waitFor(() => expect(button('Publish update').disabled).toBe(false));
    fireEvent.click(button('Publish update'));
    const published = await screen.findByRole('list', { name: 'Published (1)' });
    const update = within(published).getByRole('listitem', { name: /^Published update at / });
    expect(update.textContent).toContain('More soon.');
    expect(update.textContent).toContain('approved by Dana (IC), published by Dana (IC)');
    expect(reviewState().textContent).toBe('Draft: not yet approved.');
  });

  it('asks before replacing a draft with the template, and keeps it when told to', async () => {
    const room = await openStatusPanel();
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Our own words.' });
    });
    await vi.waitFor(() => expect(room.store.getState().view?.status.draft).toBe('Our own words.'));
    fireEvent.click(button('Insert investigating template'));
    fireEvent.click(button('Keep draft'));
    expect(room.store.getState().view?.status.draft).toBe('Our own words.');
    expect(screen.queryByRole('button', { name: 'Keep draft' })).toBeNull();

    fireEvent.click(button('Insert investigating template'));
    fireEvent.click(button('Replace draft with investigating template'));
    await vi.waitFor(() =>
      expect(room.store.getState().view?.status.draft).toMatch(/^\[Investigating\]/),
    );
  });

  it('says why an approval is refused, and changes nothing', async () => {
    const room = await openStatusPanel();
    fireEvent.click(button('Approve update'));
    expect((await screen.findByRole('alert')).textContent).toBe('The status draft is empty.');
    expect(room.store.getState().view?.status).toMatchObject({
      review: 'draft',
      approval: null,
      requested: null,
    });
  });

  it('lets someone else ask the IC for a review, and says why an empty draft cannot be', async () => {
    const room = await openStatusPanel({ declaredBy: TEST_PEOPLE.iris });
    fireEvent.click(button('Request review'));
    expect((await screen.findByRole('alert')).textContent).toBe('The status draft is empty.');
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Checkout is failing.' });
    });
    await vi.waitFor(() => expect(room.store.getState().view?.status.draft).not.toBe(''));
    fireEvent.click(button('Request review'));
    await vi.waitFor(() =>
      expect(reviewState().textContent).toBe(
        'Waiting for approval by the IC or comms lead. Requested by Dana (IC).',
      ),
    );
  });

  it('does not let someone who is neither IC nor comms lead approve', async () => {
    await openStatusPanel({ declaredBy: TEST_PEOPLE.iris });
    expect(button('Approve update').disabled).toBe(true);
    expect(button('Approve update').title).toBe(
      'Only the incident commander or the comms lead approves updates.',
    );
    expect(button('Request review').disabled).toBe(false);
  });

  it('offers no writing control in a read-only room', async () => {
    await openStatusPanel({ access: 'read', declaredBy: TEST_PEOPLE.iris });
    for (const name of [
      'Insert investigating template',
      'Request review',
      'Approve update',
      'Publish update',
    ]) {
      expect(button(name).disabled, name).toBe(true);
    }
  });
});
