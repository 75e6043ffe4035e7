import { describe, expect, it } from 'vitest';
import { parseOutboundFile } from './outbound-file';

const SECRET = 'whsec-0123456789abcdef';
const noSecrets = { env: {}, readFile: () => '' };

const GOOD = [
  'roomUrl: https://incidents.example.com/rooms/{room}',
  'delivery: { maxAttempts: 3, initialBackoffMs: 50 }',
  'targets:',
  '  - id: ops-hook',
  '    kind: webhook',
  '    url: https://hooks.example.com/incident-room',
  '    secret: { env: HOOK_SECRET }',
  '  - id: incidents-channel',
  '    kind: slack',
  '    url: { file: /run/secrets/slack-url }',
  'routes:',
  '  - events: [room.declared, status-update.published]',
  '    targets: [ops-hook, incidents-channel]',
  '    severities: [SEV1, SEV2]',
];

function parse(lines: string[], env: Record<string, string> = { HOOK_SECRET: SECRET }) {
  return parseOutboundFile(lines.join('\n'), 'outbound.yaml', {
    env,
    readFile: (path) => `https://hooks.slack.com/services/T0/B0/${path.length}\n`,
  });
}

describe('the outbound file', () => {
  it('reads targets with their secrets from the environment and files, routes and delivery', () => {
    const config = parse(GOOD);
    expect(config.targets.get('ops-hook')).toEqual({
      id: 'ops-hook',
      kind: 'webhook',
      url: 'https://hooks.example.com/incident-room',
      secrets: [SECRET],
    });
    expect(config.targets.get('incidents-channel')?.url).toBe(
      'https://hooks.slack.com/services/T0/B0/22',
    );
    expect(config.delivery).toEqual({
      maxAttempts: 3,
      initialBackoffMs: 50,
      maxBackoffMs: 300_000,
      timeoutMs: 10_000,
    });
    expect([...config.routes[0]!.events]).toEqual(['room.declared', 'status-update.published']);
    expect(config.roomUrl).toBe('https://incidents.example.com/rooms/{room}');
  });

  it.each([
    [
      'a planned kind not built yet',
      GOOD.map((line) => line.replace('kind: slack', 'kind: statuspage')),
      /line 9: targets\[1\]\.kind: kind "statuspage" is not yet supported by this relay \(supported: webhook, slack\)/,
    ],
    [
      'an unknown kind',
      GOOD.map((line) => line.replace('kind: slack', 'kind: teams')),
      /line 9: targets\[1\]\.kind: must be one of webhook, slack/,
    ],
    [
      'a route naming no target',
      GOOD.map((line) => line.replace('[ops-hook, incidents-channel]', '[ops-hook, pager]')),
      /line 13: routes\[0\]\.targets\[1\]: no target has the id "pager"/,
    ],
    [
      'an unknown event',
      GOOD.map((line) => line.replace('room.declared,', 'room.created,')),
      /line 12: routes\[0\]\.events\[0\]: must be one of room\.declared/,
    ],
    [
      'a webhook without a secret',
      GOOD.filter((line) => !line.includes('HOOK_SECRET')),
      /line 4: targets\[0\]\.secret: give either secret \(one\) or secrets \(a list, while rotating\)/,
    ],
    [
      'a slack target with a secret field',
      [...GOOD.slice(0, 10), '    secret: nope-nope-nope-nope', ...GOOD.slice(10)],
      /line 11: targets\[1\]\.secret: unknown key /,
    ],
    [
      'a longest wait shorter than the first',
      GOOD.map((line) =>
        line.replace('initialBackoffMs: 50', 'initialBackoffMs: 50, maxBackoffMs: 20'),
      ),
      /line 2: delivery\.maxBackoffMs: must be at least initialBackoffMs/,
    ],
    [
      'a roomUrl without {room}',
      GOOD.map((line) => line.replace('/rooms/{room}', '/rooms')),
      /line 1: roomUrl: must contain \{room\}/,
    ],
  ])('refuses %s, naming the line and the field', (_name, lines, message) => {
    expect(() => parse(lines)).toThrow(message);
  });

  it('takes several secrets while one is rotated', () => {
    const lines = GOOD.map((line) =>
      line.replace(
        'secret: { env: HOOK_SECRET }',
        'secrets: [{ env: HOOK_SECRET }, old-secret-0123456789]',
      ),
    );
    expect(parse(lines).targets.get('ops-hook')?.secrets).toEqual([
      SECRET,
      'old-secret-0123456789',
    ]);
  });

  it('refuses an unset secret variable by name, never printing a value', () => {
    expect(() => parse(GOOD, {})).toThrow(
      /line 7: targets\[0\]\.secret: environment variable HOOK_SECRET is not set/,
    );
    try {
      parseOutboundFile(
        GOOD.join('\n').replace('{ env: HOOK_SECRET }', 'short'),
        'o.yaml',
        noSecrets,
      );
    } catch (error) {
      expect(String(error)).toMatch(/targets\[0\]\.secret: must be at least 16 characters/);
      expect(String(error)).not.toContain('short');
    }
  });
});
