import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveStatusUpdate,
  publishStatusUpdate,
  setSeverity,
  setStatusDraft,
  setStatusPage,
  type OperationContext,
} from '../../shared/ops';
import { RelayStore } from '../storage/relay-store';
import type { PageVersion, StoredPageRoom } from '../storage/status-page-store';
import { openDeclaredRoom, type DeclaredRoom } from '../testing/declared-room';
import { waitFor } from '../testing/relay-clients';

interface StoredPage {
  rooms: StoredPageRoom[];
  version: PageVersion | null;
  lastActivityAt: number;
}

/** What the running relay has stored for the page, read from its database file. */
function storedPage(dataDir: string, pageId: string): StoredPage {
  const store = RelayStore.open(dataDir);
  try {
    return {
      rooms: store.statusPages.pageRooms(pageId),
      version: store.statusPages.pageVersion(pageId),
      lastActivityAt: store.listing.list(1)[0]?.lastActivityAt ?? 0,
    };
  } finally {
    store.close();
  }
}

describe('the status page rows of a real relay', () => {
  let declared: DeclaredRoom;
  let ic: OperationContext;
  const page = (): StoredPage => storedPage(declared.relay.dataDir, 'public');
  const until = async (what: string, holds: (stored: StoredPage) => boolean) => {
    await waitFor(() => holds(page()), what);
    return page();
  };

  beforeAll(async () => {
    declared = await openDeclaredRoom([]);
    ic = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };
  });
  afterAll(() => declared.close());

  it('lists a room only once its IC chooses the page', async () => {
    expect(page().rooms).toEqual([]);
    setStatusPage(declared.ic.doc, ic, { pageId: 'public', componentIds: ['api', 'checkout'] });
    const stored = await until('the room to be listed', ({ rooms }) => rooms.length === 1);
    expect(stored.rooms[0]).toMatchObject({
      roomId: declared.room.id,
      pageId: 'public',
      componentIds: ['api', 'checkout'],
      title: 'Checkout errors',
      severity: 'SEV2',
      phase: 'investigating',
      resolved: false,
      updates: [],
    });
    expect(stored.version?.version).toBeGreaterThan(0);
  });

  it('keeps exactly the published text: never a draft, an unpublished approval or a later edit', async () => {
    const before = page().version!.version;
    const doc = declared.ic.doc;
    setStatusDraft(doc, ic, { text: 'Some card payments fail at checkout. We are on it.' });
    approveStatusUpdate(doc, ic);
    publishStatusUpdate(doc, ic, { phase: 'identified' });
    setStatusDraft(doc, ic, { text: 'INTERNAL: the cause is the db-7 failover' });
    approveStatusUpdate(doc, ic);
    // A visible change after the draft edits: once it is stored, they were read too.
    setSeverity(doc, ic, { severity: 'SEV1' });
    const stored = await until('the severity change', ({ rooms }) => rooms[0]?.severity === 'SEV1');
    const [room] = stored.rooms;
    expect(room?.phase).toBe('identified');
    expect(room?.updates.map(({ text, phase }) => ({ text, phase }))).toEqual([
      { text: 'Some card payments fail at checkout. We are on it.', phase: 'identified' },
    ]);
    expect(room?.updates[0]?.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(stored.rooms)).not.toContain('INTERNAL');
    expect(stored.version!.version).toBeGreaterThan(before);
  });

  it('does not move the page version while people only type in the draft', async () => {
    const before = page();
    setStatusDraft(declared.ic.doc, ic, { text: 'INTERNAL: still typing' });
    await until(
      'the draft edit to be stored',
      ({ lastActivityAt }) => lastActivityAt > before.lastActivityAt,
    );
    // The relay writes a change's page rows before its list row (RoomListingWriter).
    expect(page().version).toEqual(before.version);
  });

  it('takes the room off the page when the IC says so', async () => {
    const before = page().version!.version;
    setStatusPage(declared.ic.doc, ic, { pageId: null });
    const stored = await until('the room to leave', ({ rooms }) => rooms.length === 0);
    expect(stored.version!.version).toBeGreaterThan(before);
  });
});
