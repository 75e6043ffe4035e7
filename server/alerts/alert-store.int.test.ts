/** The alert intake's tables on a real relay database: notification ids are kept, then forgotten. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayStore } from '../storage/relay-store';
import { AlertStore, DELIVERY_RETENTION_MS } from './alert-store';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function openStores(): { relay: RelayStore; alerts: AlertStore } {
  const dir = mkdtempSync(join(tmpdir(), 'alert-store-'));
  const relay = RelayStore.open(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => relay.close());
  return { relay, alerts: new AlertStore(relay) };
}

const NOW = Date.parse('2026-12-07T12:00:00Z');
const DAY = 24 * 3600_000;

describe('AlertStore notification ids', () => {
  it('forgets ids past the retention, keeps newer ones, and prunes at most once an hour', async () => {
    const { relay, alerts } = openStores();
    await alerts.createAlertRoom(
      {
        id: 'room-1',
        writeKeyVerifier: Buffer.alloc(32),
        readKeyVerifier: Buffer.alloc(32),
        createdAt: NOW,
      },
      'prod-am',
      'group-1',
    );
    const insert = relay.database.prepare(
      'INSERT INTO alert_deliveries (source_id, delivery_id, room_id, received_at) VALUES (?, ?, ?, ?)',
    );
    insert.run('prod-am', 'old', 'room-1', NOW - DELIVERY_RETENTION_MS - 1);
    insert.run('prod-am', 'edge', 'room-1', NOW - DELIVERY_RETENTION_MS);
    insert.run('prod-am', 'recent', 'room-1', NOW - DAY);

    expect(await alerts.pruneDeliveriesIfDue(NOW)).toBe(1);
    expect((await alerts.heldDeliveries('prod-am', ['old'])).has('old')).toBe(false);
    expect((await alerts.heldDeliveries('prod-am', ['edge'])).has('edge')).toBe(true);
    expect((await alerts.heldDeliveries('prod-am', ['recent'])).has('recent')).toBe(true);

    // Within the hour nothing is pruned, even what has aged past the retention meanwhile.
    expect(await alerts.pruneDeliveriesIfDue(NOW + 59 * 60_000)).toBe(0);
    expect((await alerts.heldDeliveries('prod-am', ['edge'])).has('edge')).toBe(true);
    expect(await alerts.pruneDeliveriesIfDue(NOW + 3600_000)).toBe(1);
    expect((await alerts.heldDeliveries('prod-am', ['edge'])).has('edge')).toBe(false);
    expect((await alerts.heldDeliveries('prod-am', ['recent'])).has('recent')).toBe(true);
  });
});
