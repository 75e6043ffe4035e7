import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { readRoom } from '../../shared/read/read-room';
import type { RoomSnapshot } from '../../shared/read/types';
import { RelayStore } from '../storage/relay-store';

/** Writes an alert sources file into a fresh temporary folder; returns its path. */
export function writeAlertSourcesFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alert-sources-')), 'alert-sources.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** `POST /hooks/<sourceId>` with a JSON body (or raw text) and the given headers. */
export function postHook(
  relayUrl: string,
  sourceId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${relayUrl}/hooks/${encodeURIComponent(sourceId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * What the relay has stored for a room, read through the relay's own store (snapshot, then the
 * update log, as a relay loads it) and the shared reader the app uses.
 */
export function readStoredRoom(dataDir: string, roomId: string): RoomSnapshot {
  return withStore(dataDir, (store) => {
    const state = store.loadRoomState(roomId);
    const doc = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
    return readRoom(doc);
  });
}

/** The rooms alerts opened, as (source, dedupe key, room id) rows of the relay database. */
export function storedAlertRooms(
  dataDir: string,
): { source_id: string; dedupe_key: string; room_id: string }[] {
  return withStore(dataDir, (store) =>
    store.database
      .prepare<[], { source_id: string; dedupe_key: string; room_id: string }>(
        'SELECT source_id, dedupe_key, room_id FROM alert_rooms ORDER BY opened_at, room_id',
      )
      .all(),
  );
}

function withStore<T>(dataDir: string, read: (store: RelayStore) => T): T {
  const store = RelayStore.open(dataDir);
  try {
    return read(store);
  } finally {
    store.close();
  }
}
