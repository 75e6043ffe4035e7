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
    expect(config.targets.get('incidents-channel')).toMatchObject({
      url: 'https://hooks.slack.com/services/T0/B0/22',
    });
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
      "a tracker kind with another kind's fields (trackers: trackers/tracker-config.test.ts)",
      GOOD.map((line) => line.replace('kind: slack', 'kind: jira')),
      /line 8: targets\[1\]\.email: is required \(expected string\) \(and 3 more\)/,
    ],
    [
      'an unknown kind',
      GOOD.map((line) => line.replace('kind: slack', 'kind: teams')),
      /line 9: targets\[1\]\.kind: must be one of webhook, slack, statuspage, email, github, jira/,
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
    expect(parse(lines).targets.get('ops-hook')).toMatchObject({
      secrets: [SECRET, 'old-secret-0123456789'],
    });
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

const PEOPLE_AND_PAGE = [
  'targets:',
  '  - id: hosted',
  '    kind: statuspage',
  '    apiKey: { env: STATUSPAGE_KEY }',
  '    pageId: kctbh9vrtdwd',
  '    components: { checkout: 8kbf7d35c070, api: vtnh60py4yd7 }',
  '  - id: execs',
  '    kind: email',
  '    smtp: { host: smtp.example.com, auth: { user: relay, pass: { env: SMTP_PASS } } }',
  '    from: Incident Room <incidents@example.com>',
  '    to: { SEV1: [cto@example.com, vp@example.com], SEV2: [ops-leads@example.com] }',
  'routes:',
  '  - { events: [status-update.published, incident.resolved], targets: [hosted] }',
  '  - { events: [room.declared, status-update.published], targets: [execs], severities: [SEV1, SEV2] }',
];
const PAGE_ENV = { STATUSPAGE_KEY: 'sp-key-0123456789', SMTP_PASS: 'smtp-pass-0123456789' };

describe('statuspage and email targets', () => {
  it('reads the API key, page and component map, and the SMTP settings and lists', () => {
    const config = parse(PEOPLE_AND_PAGE, PAGE_ENV);
    expect(config.targets.get('hosted')).toEqual({
      id: 'hosted',
      kind: 'statuspage',
      apiUrl: 'https://api.statuspage.io',
      apiKey: 'sp-key-0123456789',
      pageId: 'kctbh9vrtdwd',
      components: { checkout: '8kbf7d35c070', api: 'vtnh60py4yd7' },
    });
    expect(config.targets.get('execs')).toEqual({
      id: 'execs',
      kind: 'email',
      smtp: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        auth: { user: 'relay', pass: 'smtp-pass-0123456789' },
      },
      from: 'Incident Room <incidents@example.com>',
      to: { SEV1: ['cto@example.com', 'vp@example.com'], SEV2: ['ops-leads@example.com'] },
    });
  });

  it.each([
    [
      'a statuspage target routed events a hosted page does not show',
      PEOPLE_AND_PAGE.map((line) => line.replace('[status-update.published,', '[room.declared,')),
      /line 13: routes\[0\]\.targets\[0\]: statuspage target "hosted" takes only status-update\.published, incident\.resolved \(not room\.declared\)/,
    ],
    [
      'an email route at a severity the target lists nobody for',
      PEOPLE_AND_PAGE.map((line) =>
        line.replace('severities: [SEV1, SEV2]', 'severities: [SEV1, SEV3]'),
      ),
      /line 14: routes\[1\]\.targets\[0\]: email target "execs" has no recipients for SEV3/,
    ],
    [
      'an email route for every severity when the target lists some',
      PEOPLE_AND_PAGE.map((line) => line.replace(', severities: [SEV1, SEV2]', '')),
      /line 14: routes\[1\]\.targets\[0\]: email target "execs" has no recipients for SEV3/,
    ],
    [
      'a page id that cannot be one',
      PEOPLE_AND_PAGE.map((line) => line.replace('kctbh9vrtdwd', '../pages')),
      /line 5: targets\[0\]\.pageId: must be a Statuspage id/,
    ],
    [
      'a recipient that is not an address',
      PEOPLE_AND_PAGE.map((line) => line.replace('vp@example.com', 'vp at example')),
      /line 11: targets\[1\]\.to\.SEV1\[1\]: must be an email address/,
    ],
    [
      'an unknown severity in the lists',
      PEOPLE_AND_PAGE.map((line) => line.replace('SEV2:', 'SEV9:')),
      /line 11: targets\[1\]\.to\.SEV9/,
    ],
  ])('refuses %s, naming the line and the field', (_name, lines, message) => {
    expect(() => parse(lines, PAGE_ENV)).toThrow(message);
  });

  it('never prints the SMTP password or the API key in a refusal', () => {
    const lines = PEOPLE_AND_PAGE.map((line) => line.replace('host: smtp.example.com', 'host: ""'));
    expect(() => parse(lines, PAGE_ENV)).toThrow(/line 9: targets\[1\]\.smtp\.host/);
    try {
      parse(lines, PAGE_ENV);
    } catch (error) {
      expect(String(error)).not.toContain('smtp-pass-0123456789');
      expect(String(error)).not.toContain('sp-key-0123456789');
    }
  });
});
