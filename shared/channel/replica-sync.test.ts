import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReplicaSync } from './replica-sync';
import type { DocFrameMessage } from './messages';

/** Two docs joined by an in-order queue, as a websocket or MessagePort would deliver. */
function link(a: Y.Doc, b: Y.Doc) {
  const queue: Array<{ to: 'a' | 'b'; message: DocFrameMessage }> = [];
  const syncA = new ReplicaSync(a, 'room', (message) => queue.push({ to: 'b', message }));
  const syncB = new ReplicaSync(b, 'room', (message) => queue.push({ to: 'a', message }));
  const flush = () => {
    let delivered = 0;
    while (queue.length > 0) {
      const next = queue.shift()!;
      (next.to === 'a' ? syncA : syncB).receive(next.message.data);
      delivered++;
    }
    return delivered;
  };
  return { syncA, syncB, flush };
}

describe('ReplicaSync', () => {
  it('brings a fresh replica up to the host state and then streams edits both ways', async () => {
    const host = new Y.Doc();
    host.getArray<string>('timeline').push(['before the renderer connected']);
    const replica = new Y.Doc();
    const { syncA, syncB, flush } = link(host, replica);
    syncB.start();
    syncA.start();
    flush();
    await syncB.whenSynced();
    expect(replica.getArray('timeline').toArray()).toEqual(['before the renderer connected']);

    replica.getArray<string>('timeline').push(['typed in the renderer']);
    host.getArray<string>('timeline').push(['arrived from the relay']);
    flush();
    expect(host.getArray('timeline').toArray()).toEqual(replica.getArray('timeline').toArray());
    expect(host.getArray('timeline').length).toBe(3);
  });

  it('does not echo an update back to the peer it came from', () => {
    const host = new Y.Doc();
    const replica = new Y.Doc();
    const { syncA, syncB, flush } = link(host, replica);
    syncA.start();
    syncB.start();
    flush();
    replica.getText('statusDraft').insert(0, 'x');
    // one update frame host-bound, and nothing coming back
    expect(flush()).toBe(1);
  });

  it('stops sending after destroy', () => {
    const doc = new Y.Doc();
    const sent: DocFrameMessage[] = [];
    const sync = new ReplicaSync(doc, 'room', (m) => sent.push(m));
    sync.destroy();
    doc.getMap('meta').set('title', 'x');
    expect(sent).toEqual([]);
  });
});
