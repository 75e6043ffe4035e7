// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assignRole, setStatusDraft } from '../../../shared/ops';
import { recordOutboundDelivery } from '../../../shared/ops/outbound-delivery';
import { openTestRoom, TEST_PEOPLE } from '../testing/open-test-room';
import { StatusPanel } from './status-panel';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const reviewState = () => screen.getByRole('status', { name: 'Review state' });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

/** Someone else fills the template's blanks, the way a co-author would. */
function fillPlaceholders(room: Awaited<ReturnType<typeof openTestRoom>>) {
  const draft = room.store.getState().view?.status.draft ?? '';
  act(() => {
    setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), {
      text: draft.replace('[what customers are experiencing]', 'Card payments fail'),
    });
  });
}

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
    fillPlaceholders(room);
    await vi.waitFor(() => expect(screen.queryByLabelText('Unfilled placeholders')).toBeNull());
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
  it('blocks approval on unfilled placeholders, naming them, and lets the IC approve anyway (logged)', async () => {
    const room = await openStatusPanel();
    fireEvent.click(button('Insert investigating template'));
    const note = await screen.findByLabelText('Unfilled placeholders');
    expect(note.textContent).toBe('To fill in before approval: [what customers are experiencing]');
    expect(screen.queryByRole('button', { name: 'Approve anyway' })).toBeNull();

    fireEvent.click(button('Approve update'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The draft still has unfilled placeholders: [what customers are experiencing]. Fill them in, or the IC may approve anyway.',
    );
    expect(room.store.getState().view?.status.approval).toBeNull();
    // The template's own "[Investigating]" tag is not a placeholder.
    expect(room.store.getState().view?.status.draft).toMatch(/^\[Investigating\] payments-api/);

    fireEvent.click(button('Approve anyway'));
    await vi.waitFor(() =>
      expect(reviewState().textContent).toMatch(/^Approved: ready to publish/),
    );
    const logged = room.store
      .getState()
      .view?.timeline.filter((entry) => entry.text.includes('unfilled placeholders'));
    expect(logged?.map((entry) => [entry.author.name, entry.text])).toEqual([
      [
        'Dana (IC)',
        'Status update approved with unfilled placeholders by Dana (IC): [what customers are experiencing]',
      ],
    ]);
    expect(screen.queryByRole('button', { name: 'Approve anyway' })).toBeNull();
  });

  it('offers the comms lead no override', async () => {
    const room = await openStatusPanel({ declaredBy: TEST_PEOPLE.iris });
    act(() => {
      assignRole(room.hostDoc, room.as(TEST_PEOPLE.iris), {
        role: 'comms',
        person: TEST_PEOPLE.me,
      });
    });
    fireEvent.click(button('Insert investigating template'));
    await screen.findByLabelText('Unfilled placeholders');
    fireEvent.click(button('Approve update'));
    await screen.findByRole('alert');
    expect(screen.queryByRole('button', { name: 'Approve anyway' })).toBeNull();
  });

  it('publishes under the chosen phase, which moves the room, and starts the next draft from its template', async () => {
    const room = await openStatusPanel();
    const phaseSelect = screen.getByRole<HTMLSelectElement>('combobox', {
      name: 'Phase of this update',
    });
    expect(phaseSelect.value).toBe('investigating');
    fireEvent.change(phaseSelect, { target: { value: 'identified' } });
    fireEvent.click(button('Insert identified template'));
    await vi.waitFor(() =>
      expect(room.store.getState().view?.status.draft).toMatch(/^\[Identified\]/),
    );
    fillPlaceholders(room);
    await vi.waitFor(() => expect(screen.queryByLabelText('Unfilled placeholders')).toBeNull());
    const published = room.store.getState().view?.status.draft ?? '';
    fireEvent.click(button('Approve update'));
    await vi.waitFor(() => expect(button('Publish update').disabled).toBe(false));
    fireEvent.click(button('Publish update'));

    const list = await screen.findByRole('list', { name: 'Published (1)' });
    const update = within(list).getByRole('listitem', { name: /^Published update at / });
    expect(update.textContent).toContain(' · identified · ');
    expect(update.textContent).toContain('Card payments fail');
    const state = room.store.getState().view;
    expect(state?.phase).toBe('identified');
    expect(phaseSelect.value).toBe('identified');
    // The next draft is the identified template again, its times left for the next writer.
    expect(state?.status.draft).not.toBe(published);
    expect(state?.status.draft).toMatch(/^\[Identified\] payments-api/);
    expect(state?.status.unfilledPlaceholders).toEqual([
      '[what customers are experiencing]',
      '[time of posting]',
      '[next update time]',
    ]);
  });

  it('keeps the published text as the next draft when told to', async () => {
    const room = await openStatusPanel();
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Checkout is failing.' });
    });
    await vi.waitFor(() => expect(room.store.getState().view?.status.draft).not.toBe(''));
    fireEvent.change(screen.getByRole('combobox', { name: 'Start the next draft from' }), {
      target: { value: 'this-text' },
    });
    fireEvent.click(button('Approve update'));
    await vi.waitFor(() => expect(button('Publish update').disabled).toBe(false));
    fireEvent.click(button('Publish update'));
    await screen.findByRole('list', { name: 'Published (1)' });
    expect(room.store.getState().view?.status.draft).toBe('Checkout is failing.');
    expect(room.store.getState().view?.status.updates[0]?.phase).toBe('investigating');
    expect(room.store.getState().view?.phase).toBe('investigating');
  });

  it('says why a resolved update cannot go out before the incident is resolved', async () => {
    const room = await openStatusPanel();
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'All fixed.' });
    });
    await vi.waitFor(() => expect(room.store.getState().view?.status.draft).not.toBe(''));
    fireEvent.change(screen.getByRole('combobox', { name: 'Phase of this update' }), {
      target: { value: 'resolved' },
    });
    fireEvent.click(button('Approve update'));
    await vi.waitFor(() => expect(button('Publish update').disabled).toBe(false));
    fireEvent.click(button('Publish update'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Resolve the incident first/);
    expect(room.store.getState().view?.status.updates).toEqual([]);
  });

  it('shows where each published update went and says first that the latest did not reach a target', async () => {
    const room = await openStatusPanel();
    act(() => {
      setStatusDraft(room.hostDoc, room.as(TEST_PEOPLE.cam), { text: 'Checkout is failing.' });
    });
    await vi.waitFor(() => expect(room.store.getState().view?.status.draft).not.toBe(''));
    fireEvent.click(button('Approve update'));
    await vi.waitFor(() => expect(button('Publish update').disabled).toBe(false));
    fireEvent.click(button('Publish update'));
    await screen.findByRole('list', { name: 'Published (1)' });
    const updateId = room.store.getState().view!.status.updates[0]!.id;
    // The relay records each try, as its sender does (recordOutboundDelivery).
    const relay = room.as({ id: 'relay', name: 'Relay' });
    const record = (
      targetId: string,
      delivery: Parameters<typeof recordOutboundDelivery>[2]['delivery'],
    ) => act(() => recordOutboundDelivery(room.hostDoc, relay, { updateId, targetId, delivery }));
    const at = new Date().toISOString();
    record('hooks', {
      kind: 'webhook',
      state: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      at,
    });
    record('slack-ops', {
      kind: 'slack',
      state: 'pending',
      attempts: 2,
      lastStatus: 502,
      lastError: 'HTTP 502',
      at,
    });
    const sentTo = await screen.findByRole('list', { name: 'Sent to' });
    await vi.waitFor(() =>
      expect(
        within(sentTo)
          .getAllByRole('listitem')
          .map((item) => item.textContent),
      ).toEqual([
        expect.stringMatching(/^hooks: delivered \d\d:\d\d UTC$/),
        'slack-ops: sending, 2 tries so far, last HTTP 502',
      ]),
    );
    expect(screen.queryByRole('alert', { name: 'Undelivered update' })).toBeNull();
    record('slack-ops', {
      kind: 'slack',
      state: 'failed',
      attempts: 3,
      lastStatus: 502,
      lastError: 'HTTP 502',
      at,
    });
    expect((await screen.findByRole('alert', { name: 'Undelivered update' })).textContent).toBe(
      'slack-ops: last update not delivered, 3 tries, HTTP 502',
    );
  });
});
