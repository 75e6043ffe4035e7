/**
 * Invariant 3: a laptop whose clock runs 10 minutes fast still puts its entries in their true
 * place on the timeline, and each entry records the offset that was corrected for.
 */
import { describe, expect, it } from 'vitest';
import { declareIncident, logEntry } from '../../shared/ops';
import { readRoom } from '../../shared/read';
import { operationContextFor } from './rooms/operation-context';
import { useHostHarness } from './testing/host-harness';
import { INTEGRATION_TIMEOUT_MS, waitUntil } from './testing/test-fixtures';

const { newHost, newRelay } = useHostHarness();
const TEN_MINUTES = 10 * 60_000;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('clock offset', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('keeps a skewed laptop’s entries in event order and records the offset on each', async () => {
    const relay = await newRelay();
    const alice = newHost().host;
    const bob = newHost({ wallClock: () => Date.now() + TEN_MINUTES }).host;
    const room = await alice.createRoom({ title: 'skew', relayUrl: relay.url });
    const a = alice.openRoom(room.localId);
    const b = bob.openRoom(bob.joinRoom(alice.inviteLink(room.localId)).localId);
    const aliceActor = { id: 'u-alice', name: 'Alice' };
    const bobActor = { id: 'u-bob', name: 'Bob' };
    declareIncident(a.doc, operationContextFor(a, aliceActor), { title: 'skew', severity: 'SEV3' });
    await Promise.all([a.whenLive(), b.whenLive()]);
    await waitUntil(() => b.hasClockEstimate && a.hasClockEstimate, 'clock estimates');
    expect(Math.abs(b.clockOffsetMs - TEN_MINUTES)).toBeLessThan(1000);
    expect(Math.abs(b.now() - Date.now())).toBeLessThan(1000);

    logEntry(a.doc, operationContextFor(a, aliceActor), { text: 'first (alice)' });
    await pause(1100);
    logEntry(b.doc, operationContextFor(b, bobActor), { text: 'second (bob, clock 10 min fast)' });
    await pause(1100);
    logEntry(a.doc, operationContextFor(a, aliceActor), { text: 'third (alice)' });

    await waitUntil(
      () => readRoom(b.doc).timeline.filter((entry) => entry.kind === 'note').length === 3,
      'all three entries on bob’s side',
    );
    const notes = readRoom(b.doc).timeline.filter((entry) => entry.kind === 'note');
    expect(notes.map((entry) => entry.text)).toEqual([
      'first (alice)',
      'second (bob, clock 10 min fast)',
      'third (alice)',
    ]);
    const bobs = notes[1];
    expect(Math.abs((bobs?.clockOffsetMs ?? 0) - TEN_MINUTES)).toBeLessThan(1000);
    expect(Math.abs(Date.parse(bobs?.at ?? '') - Date.now())).toBeLessThan(10_000);
  });
});
