/**
 * The status pages' rows on a real PostgreSQL, written as several relays write them: the same
 * room's row from two relays in either order, at once from three pools, and the pages' versions.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusPageListing } from '../../status-pages/status-page-fields';
import type { StatusPage } from '../../status-pages/status-pages-file';
import { startRealPostgres, type RealPostgres } from '../../testing/real-postgres';
import { StoreUnavailableError } from '../../rooms/room-directory';
import { PostgresRoomStore } from './postgres-room-store';
import { PostgresStatusPageStore } from './postgres-status-page-store';

let server: RealPostgres;
let databases = 0;
const opened: PostgresRoomStore[] = [];
/** Every error a store logged (a failed write is only logged): each test expects none. */
const errors: string[] = [];
const logger = pino(
  { level: 'error' },
  {
    write: (line: string) => {
      const { msg, err } = JSON.parse(line) as { msg: string; err?: { message: string } };
      errors.push(`${msg}: ${err?.message}`);
    },
  },
);

beforeAll(async () => {
  server = await startRealPostgres();
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
  await server?.destroy();
});

/** `relays` stores (a pool each, as relays have) on a fresh database with rooms `ids`. */
async function relaysSharing(relays: number, ids: readonly string[]) {
  databases += 1;
  const url = await server.createDatabase(`status_pages_test_${databases}`);
  const stores: PostgresRoomStore[] = [];
  for (let i = 0; i < relays; i += 1) stores.push(await PostgresRoomStore.open(url));
  opened.push(...stores);
  for (const id of ids) {
    await stores[0]!.createRoom({
      id,
      writeKeyVerifier: Buffer.from(`w-${id}`),
      readKeyVerifier: Buffer.from(`r-${id}`),
      createdAt: 0,
    });
  }
  errors.length = 0;
  return stores.map((store) => new PostgresStatusPageStore(store.pool, logger));
}

function listing(over: Partial<StatusPageListing> = {}): StatusPageListing {
  return {
    pageId: 'public',
    componentIds: ['api'],
    title: 'Checkout errors',
    severity: 'SEV2',
    phase: 'investigating',
    resolved: false,
    declaredAt: '2030-01-01T00:00:00.000Z',
    resolvedAt: null,
    updates: [],
    ...over,
  };
}

/** Writes as a relay's listing writer does, and waits for the write to land. */
async function write(
  store: PostgresStatusPageStore,
  roomId: string,
  listed: StatusPageListing | null,
  nowMs: number,
): Promise<void> {
  store.update([{ roomId, listing: listed }], nowMs);
  await store.settle();
}

describe('PostgresStatusPageStore', () => {
  it('lists a room with its published updates, keeping the first text, and moves the version only on a change', async () => {
    const [store] = await relaysSharing(1, ['room-a']);
    const published = { id: 'u1', text: 'Card payments fail.', phase: 'identified' as const };
    await write(store!, 'room-a', listing(), 1_000);
    expect(await store!.pageVersion('public')).toEqual({ version: 1, changedAt: 1_000 });
    const first = listing({ updates: [{ ...published, publishedAt: '2030-01-01T00:05:00Z' }] });
    await write(store!, 'room-a', first, 2_000);
    const edited = { ...published, text: 'EDITED later', publishedAt: '2030-01-01T00:05:00Z' };
    await write(store!, 'room-a', listing({ updates: [edited] }), 3_000);
    const rooms = await store!.pageRooms('public');
    expect(rooms).toEqual([{ roomId: 'room-a', ...first }]);
    const version = await store!.pageVersion('public');
    // The same content later leaves the version (and the page's ETag) alone.
    await write(store!, 'room-a', listing({ updates: [edited] }), 4_000);
    expect(await store!.pageVersion('public')).toEqual(version);
    await write(store!, 'room-a', null, 5_000);
    expect(await store!.pageRooms('public')).toEqual([]);
    expect(await store!.pageVersion('public')).toEqual({ version: 4, changedAt: 5_000 });
    expect(errors).toEqual([]);
  });

  it('agrees whichever of two relays writes the same room last, and never moves a page back', async () => {
    const [one, two] = await relaysSharing(2, ['in-order', 'reversed']);
    const older = listing({ severity: 'SEV3', componentIds: ['api'] });
    const newer = listing({ severity: 'SEV1', componentIds: ['api', 'web'] });
    await write(one!, 'in-order', older, 1_000);
    await write(two!, 'in-order', newer, 2_000);
    await write(two!, 'reversed', newer, 2_000);
    await write(one!, 'reversed', older, 1_000); // a slow write of the older change lands last
    const rooms = await two!.pageRooms('public');
    expect(rooms.map(({ roomId, severity }) => [roomId, severity])).toEqual([
      ['in-order', 'SEV1'],
      ['reversed', 'SEV1'],
    ]);
    expect((await one!.pageVersion('public'))?.changedAt).toBe(2_000);
    expect(errors).toEqual([]);
  });

  it('keeps a room off its page when an older write lands after the newer one took it off', async () => {
    const [one, two] = await relaysSharing(2, ['room-a']);
    await write(two!, 'room-a', null, 2_000);
    await write(one!, 'room-a', listing(), 1_000);
    expect(await one!.pageRooms('public')).toEqual([]);
    expect(await one!.pageVersion('public')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('moves a room between pages, changing both pages', async () => {
    const [store] = await relaysSharing(1, ['room-a']);
    await write(store!, 'room-a', listing(), 1_000);
    await write(store!, 'room-a', listing({ pageId: 'internal' }), 2_000);
    expect(await store!.pageRooms('public')).toEqual([]);
    expect((await store!.pageRooms('internal')).map((room) => room.roomId)).toEqual(['room-a']);
    expect(await store!.pageVersion('public')).toEqual({ version: 2, changedAt: 2_000 });
    expect(await store!.pageVersion('internal')).toEqual({ version: 1, changedAt: 2_000 });
  });

  it('takes writes of overlapping rooms from three relays at once without a deadlock', async () => {
    // Enough rooms that PostgreSQL locks them in the order given unless the store orders them.
    const ids = Array.from({ length: 200 }, (_, index) => `room-${index}`);
    const stores = await relaysSharing(3, ids);
    for (let round = 0; round < 10; round += 1) {
      stores.forEach((store, relay) => {
        // Each relay's batch in another order: the store must lock in one order regardless.
        const batch = relay % 2 === 0 ? ids : [...ids].reverse();
        const rows = batch.map((roomId, index) => ({
          roomId,
          listing: (index + round + relay) % 3 === 0 ? null : listing({ title: `r${round}` }),
        }));
        store.update(rows, 1_000 + round * 10 + relay);
      });
    }
    await Promise.all(stores.map((store) => store.settle()));
    expect(errors).toEqual([]);
    // The last round's last relay (the latest time) decided every row.
    const listed = await stores[0]!.pageRooms('public');
    const expected = ids.filter((_roomId, index) => (index + 9 + 2) % 3 !== 0).sort();
    expect(listed.map((room) => room.roomId).sort()).toEqual(expected);
    expect(listed.every((room) => room.title === 'r9')).toBe(true);
  });

  it('moves a page when a relay declares it otherwise, not when another declares it alike', async () => {
    const [one, two] = await relaysSharing(2, []);
    const page: StatusPage = {
      id: 'public',
      title: 'Example',
      description: null,
      url: null,
      components: [{ id: 'api', name: 'API' }],
    };
    await one!.declarePages([page], 1_000);
    await two!.declarePages([page], 2_000);
    expect(await one!.pageVersion('public')).toEqual({ version: 1, changedAt: 1_000 });
    await two!.declarePages([{ ...page, title: 'Example, renamed' }], 3_000);
    expect(await one!.pageVersion('public')).toEqual({ version: 2, changedAt: 3_000 });
  });

  it('answers reads with StoreUnavailableError while PostgreSQL is away', async () => {
    const [store] = await relaysSharing(1, []);
    await server.stop();
    try {
      await expect(store!.pageRooms('public')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store!.pageVersion('public')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await server.start();
    }
  });
});
