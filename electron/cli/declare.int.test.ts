/**
 * `incident-room declare`, `rooms --relay` and `--team-key` against a real relay process started
 * with a team key, and real data folders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInvite } from '../../shared/invite/invite-link';
import type { TeamRoomListing } from '../../shared/protocol/relay-http';
import { readRoom } from '../../shared/read';
import { RelayProcess } from '../host/testing/spawn-relay-process';
import { tempDir } from '../host/testing/test-fixtures';
import { loadRelayRoom } from './load-relay-room';
import { runCliCaptured as cli } from './testing/cli-harness';

const TEAM_KEY = 'cli-team-key-0123456789abcdef';
let relay: RelayProcess;

beforeAll(async () => {
  relay = await RelayProcess.start({ env: { RELAY_TEAM_KEY: TEAM_KEY } });
});
afterAll(async () => {
  await relay.dispose();
});

/** The relay's own list (GET /rooms), to see what a command did or did not create. */
async function relayRooms(): Promise<TeamRoomListing[]> {
  const response = await fetch(`${relay.url}/rooms`, {
    headers: { authorization: `Bearer ${TEAM_KEY}` },
  });
  return ((await response.json()) as { rooms: TeamRoomListing[] }).rooms;
}

function declare(...rest: string[]) {
  return cli(['declare', '--relay', relay.url, '--team-key', TEAM_KEY, ...rest]);
}

interface Declared {
  id: string;
  title: string;
  severity: string;
  invite: string;
}

describe('incident-room declare', () => {
  let declared: Declared;

  it('creates the room on the relay, declares it and prints its id and invite (--json)', async () => {
    const result = await declare(
      '--title',
      'Checkout 5xx above 2 %',
      '--severity',
      'SEV2',
      '--type',
      'availability',
      '--service',
      'checkout-api',
      '--json',
    );
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    declared = JSON.parse(result.out) as Declared;
    expect(declared).toMatchObject({ title: 'Checkout 5xx above 2 %', severity: 'SEV2' });
    const invite = parseInvite(declared.invite);
    expect(invite.ok && invite.invite).toMatchObject({ relayUrl: relay.url, roomId: declared.id });

    // What the relay stored: the declaration, by the CLI's named actor, as the app writes it.
    const doc = await loadRelayRoom(relay.url, declared.id, invite.ok ? invite.invite.key : '');
    const room = readRoom(doc);
    expect(room).toMatchObject({
      declared: true,
      title: 'Checkout 5xx above 2 %',
      severity: 'SEV2',
      incidentType: 'availability',
      service: 'checkout-api',
      phase: 'investigating',
    });
    expect(room.createdBy?.name).toBe('incident-room CLI');
  });

  it('lists the room for the team: rooms --relay --team-key', async () => {
    const listed = async () => {
      const result = await cli(['rooms', '--relay', relay.url, '--team-key', TEAM_KEY, '--json']);
      expect(result.code).toBe(0);
      return JSON.parse(result.out) as TeamRoomListing[];
    };
    // The relay's list follows stored changes within a fraction of a second.
    const deadline = Date.now() + 5_000;
    while ((await listed()).find((room) => room.id === declared.id)?.title == null) {
      if (Date.now() > deadline) throw new Error('the declared room never showed its title');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await listed()).find((room) => room.id === declared.id)).toMatchObject({
      title: 'Checkout 5xx above 2 %',
      severity: 'SEV2',
      state: 'open',
      source: 'app',
    });
    const text = await cli(['rooms', '--relay', relay.url, '--team-key', TEAM_KEY]);
    expect(text.out).toContain(`${declared.id}  open  SEV2  app  Checkout 5xx above 2 %`);
  });

  it('records the declaration by --name, and keeps the room in --data for the app', async () => {
    const data = tempDir('cli-declare-');
    try {
      const result = await declare(
        '--title',
        'Login latency',
        '--severity',
        'SEV3',
        '--name',
        'pager-bot',
        '--data',
        data.path,
        '--json',
      );
      expect(result.code).toBe(0);
      const { id, invite } = JSON.parse(result.out) as Declared;
      const key = parseInvite(invite);
      const doc = await loadRelayRoom(relay.url, id, key.ok ? key.invite.key : '');
      expect(readRoom(doc).createdBy?.name).toBe('pager-bot');
      const local = await cli(['rooms', '--data', data.path, '--json']);
      expect(JSON.parse(local.out)).toEqual([
        expect.objectContaining({ title: 'Login latency', relay: relay.url, relayRoomId: id }),
      ]);
    } finally {
      data.remove();
    }
  });

  it('refuses bad input with one sentence and exit 1, creating nothing', async () => {
    const before = (await relayRooms()).length;
    const cases: [string[], RegExp][] = [
      [['--title', 'x', '--severity', 'SEV9'], /--severity must be one of SEV1, SEV2, SEV3, SEV4/],
      [['--title', '   ', '--severity', 'SEV1'], /--title must not be empty/],
    ];
    for (const [args, message] of cases) {
      const result = await declare(...args);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(message);
      expect(result.err.trim().split('\n')).toHaveLength(1);
    }
    const wrongKey = await cli([
      'declare',
      '--relay',
      relay.url,
      '--team-key',
      'not-the-team-key-0000000',
      '--title',
      'x',
      '--severity',
      'SEV1',
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toMatch(/refused the team key/);
    expect(wrongKey.err).not.toContain('not-the-team-key');
    const unreachable = await cli([
      'declare',
      '--relay',
      'http://127.0.0.1:9',
      '--team-key',
      TEAM_KEY,
      '--title',
      'x',
      '--severity',
      'SEV1',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err.trim()).toBe(
      'incident-room declare: could not reach the relay at http://127.0.0.1:9',
    );
    expect((await relayRooms()).length).toBe(before);
  });

  it('answers missing flags as wrong usage (exit 2)', async () => {
    const result = await cli(['declare', '--relay', relay.url, '--title', 'x']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/missing --team-key, --severity/);
  });
});

describe('--team-key on the commands that take --key', () => {
  it('logs into any room and exports it with the team key', async () => {
    const made = await declare('--title', 'Queue backlog', '--severity', 'SEV3', '--json');
    const { id } = JSON.parse(made.out) as Declared;
    const logged = await cli([
      'log',
      '--relay',
      relay.url,
      '--room',
      id,
      '--team-key',
      TEAM_KEY,
      '--kind',
      'observation',
      'Backlog draining',
    ]);
    expect(logged.err).toBe('');
    expect(logged.code).toBe(0);
    const out = tempDir('cli-team-export-');
    try {
      const exported = await cli([
        'export',
        '--format',
        'json',
        '--relay',
        relay.url,
        '--room',
        id,
        '--team-key',
        TEAM_KEY,
        '--out-dir',
        out.path,
      ]);
      expect(exported.err).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.out).toMatch(/^wrote /);
    } finally {
      out.remove();
    }
  });

  it('refuses --key and --team-key together, and a relay without a team key says so', async () => {
    const both = await cli([
      'log',
      '--relay',
      relay.url,
      '--room',
      'r',
      '--key',
      'k',
      '--team-key',
      TEAM_KEY,
      'x',
    ]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/give --key or --team-key, not both/);
    const plain = await RelayProcess.start();
    try {
      const listed = await cli(['rooms', '--relay', plain.url, '--team-key', TEAM_KEY]);
      expect(listed.code).toBe(1);
      expect(listed.err).toMatch(/has no team key: it must be started with --team-key/);
    } finally {
      await plain.dispose();
    }
  });
});
