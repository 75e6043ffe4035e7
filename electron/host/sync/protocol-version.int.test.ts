/**
 * A host that meets a relay of another protocol version refuses, tried both ways against real
 * relay processes: a host newer than the relay, and a relay newer than the host (the relay's
 * test-only RELAY_PROTOCOL_VERSION_ENV). Either the relay's /healthz or its ProtocolMismatch
 * close says so; both end in the same refused status, with no retry loop.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../../shared/protocol/close-codes';
import { formatInvite } from '../../../shared/invite/invite-link';
import { RELAY_PROTOCOL_VERSION_ENV } from '../../../shared/protocol/protocol-version';
import {
  NEWER_PROTOCOL as NEWER,
  RELAY_IS_OLDER,
  UPDATE_THE_APP,
  createRoomDirectly,
  type RoomOnRelay,
} from '../testing/protocol-mismatch';
import { Host } from '../host';
import { linkStatus } from '../rooms/room-status';
import { type ConnectionProbe, startConnectionProbe } from '../testing/connection-probe';
import { RelayProcess } from '../testing/spawn-relay-process';
import { INTEGRATION_TIMEOUT_MS, TEST_BACKOFF, tempDir, waitUntil } from '../testing/test-fixtures';
import { RelayProtocolMismatchError } from './relay-http';
import type { RelayConnectionOptions } from './relay-connection';

/** Many backoff periods of TEST_BACKOFF (50–400 ms): a retry loop would show in this time. */
const RETRY_WINDOW_MS = 1_500;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect(
  relayUrl: string,
  room: RoomOnRelay,
  options: Pick<RelayConnectionOptions, 'protocolVersion' | 'readRelayHealth'>,
): ConnectionProbe {
  const probe = startConnectionProbe({ relayUrl, roomId: room.id, key: room.writeKey, ...options });
  cleanups.push(() => probe.connection.stop());
  return probe;
}

/** Waits for the refusal, then a while longer, and checks nothing was retried meanwhile. */
async function expectRefusedForGood(
  probe: ConnectionProbe,
  message: string,
  websocketAttempts: number,
): Promise<void> {
  await waitUntil(() => probe.connection.linkState.kind === 'refused', 'the refusal');
  await new Promise((resolve) => setTimeout(resolve, RETRY_WINDOW_MS));
  expect(probe.connection.linkState).toMatchObject({ code: CloseCode.ProtocolMismatch });
  expect(linkStatus(probe.connection.linkState)).toEqual({
    connection: 'refused',
    offlineSince: null,
    refusal: message,
  });
  expect(probe.attempts).toHaveLength(websocketAttempts);
  expect(probe.states.filter((state) => state.kind === 'offline')).toEqual([]);
}

/** Skips the /healthz check, so the relay's own ProtocolMismatch close is what refuses. */
const relayDecides = { readRelayHealth: () => Promise.resolve(null) };

describe('a host newer than its relay', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  let relay: RelayProcess;
  let room: RoomOnRelay;
  beforeAll(async () => {
    relay = await RelayProcess.start();
    room = await createRoomDirectly(relay.url);
  });
  afterAll(() => relay.dispose());

  it('refuses on the relay’s /healthz before opening a websocket', async () => {
    const probe = connect(relay.url, room, { protocolVersion: NEWER });
    await expectRefusedForGood(probe, RELAY_IS_OLDER, 0);
  });

  it('refuses on the relay’s ProtocolMismatch close and does not retry', async () => {
    const probe = connect(relay.url, room, { protocolVersion: NEWER, ...relayDecides });
    await expectRefusedForGood(probe, RELAY_IS_OLDER, 1);
  });
});

describe('a relay newer than the host', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  let relay: RelayProcess;
  let room: RoomOnRelay;
  beforeAll(async () => {
    relay = await RelayProcess.start({ env: { [RELAY_PROTOCOL_VERSION_ENV]: String(NEWER) } });
    room = await createRoomDirectly(relay.url);
  });
  afterAll(() => relay.dispose());

  it('refuses on the relay’s /healthz before opening a websocket', async () => {
    const probe = connect(relay.url, room, {});
    await expectRefusedForGood(probe, UPDATE_THE_APP, 0);
  });

  it('refuses on the relay’s ProtocolMismatch close and does not retry', async () => {
    const probe = connect(relay.url, room, relayDecides);
    await expectRefusedForGood(probe, UPDATE_THE_APP, 1);
  });

  it('shows a joined room as refused, with the sentence, in the room status', async () => {
    const data = tempDir('protocol-host-');
    const host = Host.open({
      dataDir: data.path,
      measureClock: false,
      watchNetworkMs: false,
      backoff: TEST_BACKOFF,
    });
    cleanups.push(() => {
      host.close();
      data.remove();
    });
    const joined = host.joinRoom(
      formatInvite({ relayUrl: relay.url, roomId: room.id, key: room.writeKey }),
    );
    const session = host.openRoom(joined.localId);
    await waitUntil(() => session.status().connection === 'refused', 'the room to be refused');
    expect(session.status().refusal).toBe(UPDATE_THE_APP);
  });

  it('refuses to create a room there, leaving the host’s room list empty', async () => {
    const data = tempDir('protocol-create-');
    const host = Host.open({
      dataDir: data.path,
      measureClock: false,
      watchNetworkMs: false,
      backoff: TEST_BACKOFF,
    });
    cleanups.push(() => {
      host.close();
      data.remove();
    });
    const creating = host.createRoom({ title: 'on a newer relay', relayUrl: relay.url });
    await expect(creating).rejects.toThrow(RelayProtocolMismatchError);
    await expect(creating).rejects.toThrow(UPDATE_THE_APP);
    expect(host.listRooms()).toEqual([]);
  });
});
