import { describe, expect, it } from 'vitest';
import { parseOutboundFile } from '../outbound-file';

const GH_TOKEN = 'ghp_unitTEST0123456789abcdef';
const JIRA_TOKEN = 'ATATT3xUNITtest0123456789';

const FILE = [
  'targets:',
  '  - { id: hook, kind: webhook, url: "https://hooks.example.com/x", secret: { env: HOOK } }',
  '  - id: gh',
  '    kind: github',
  '    repo: acme/payments',
  '    token: { env: GH_TOKEN }',
  '    labels: [incident-follow-up, postmortem]',
  '    assignees: { Iris: iris-gh, "Cory Park": cory }',
  '  - id: jira-ops',
  '    kind: jira',
  '    url: https://acme.atlassian.net/',
  '    email: bot@acme.com',
  '    token: { file: /run/secrets/jira }',
  '    project: OPS',
  '    assignees: { Iris: 5b10ac8d82e05b22cc7d4ef5 }',
  'routes:',
  '  - { events: [incident.resolved], targets: [hook] }',
];

function parse(lines: readonly string[]) {
  return parseOutboundFile(lines.join('\n'), 'outbound.yaml', {
    env: { HOOK: 'whsec-0123456789abcdef', GH_TOKEN },
    readFile: () => `${JIRA_TOKEN}\n`,
  });
}

describe('github and jira targets in the outbound file', () => {
  it('reads both, credentials from env and file, with their defaults', () => {
    const config = parse(FILE);
    expect(config.targets.get('gh')).toEqual({
      id: 'gh',
      kind: 'github',
      url: 'https://api.github.com/repos/acme/payments/issues',
      tracker: {
        kind: 'github',
        repo: 'acme/payments',
        token: GH_TOKEN,
        labels: ['incident-follow-up', 'postmortem'],
        assignees: new Map([
          ['Iris', 'iris-gh'],
          ['Cory Park', 'cory'],
        ]),
      },
    });
    expect(config.targets.get('jira-ops')).toEqual({
      id: 'jira-ops',
      kind: 'jira',
      url: 'https://acme.atlassian.net/rest/api/3/issue',
      tracker: {
        kind: 'jira',
        site: 'https://acme.atlassian.net',
        email: 'bot@acme.com',
        token: JIRA_TOKEN,
        project: 'OPS',
        issueType: 'Task',
        labels: [],
        assignees: new Map([['Iris', '5b10ac8d82e05b22cc7d4ef5']]),
      },
    });
  });

  it('takes a file of trackers only, without routes; other targets still need one', () => {
    const trackersOnly = FILE.slice(0, 1).concat(FILE.slice(2, 15));
    expect([...parse(trackersOnly).targets.keys()]).toEqual(['gh', 'jira-ops']);
    expect(parse(trackersOnly).routes).toEqual([]);
    expect(() => parse(FILE.slice(0, 15))).toThrow(/routes: must list at least one route/);
  });

  it.each([
    [
      'a token written in the file',
      FILE.map((line) => line.replace('{ env: GH_TOKEN }', GH_TOKEN)),
      /line 6: targets\[1\]\.token: must be \{ env: NAME \} or \{ file: PATH \}, not written here/,
    ],
    [
      'an unset token variable',
      FILE.map((line) => line.replace('GH_TOKEN }', 'NOT_SET }')),
      /line 6: targets\[1\]\.token: environment variable NOT_SET is not set/,
    ],
    [
      'a repo that is not owner/repo',
      FILE.map((line) => line.replace('repo: acme/payments', 'repo: payments')),
      /line 5: targets\[1\]\.repo: must be owner\/repo/,
    ],
    [
      'a Jira label with a space',
      FILE.map((line) => line.replace('project: OPS', 'project: OPS\n    labels: [post mortem]')),
      /targets\[2\]\.labels\[0\]: must have no spaces/,
    ],
    [
      'a Jira project that is not a key',
      FILE.map((line) => line.replace('project: OPS', 'project: ops team')),
      /line 14: targets\[2\]\.project: must be a Jira project key/,
    ],
    [
      'a route to a tracker',
      FILE.map((line) => line.replace('targets: [hook]', 'targets: [hook, gh]')),
      /line 17: routes\[0\]\.targets\[1\]: "gh" is a github target: it gets the follow-ups people send from the room, not routed events/,
    ],
    [
      'follow-up.created in a route',
      FILE.map((line) => line.replace('[incident.resolved]', '[follow-up.created]')),
      /line 17: routes\[0\]\.events: follow-up\.created goes to the tracker target named in the room; it is not routed/,
    ],
  ])('refuses %s, naming the line and the field and never the token', (_name, lines, message) => {
    let thrown: Error | null = null;
    try {
      parse(lines);
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toMatch(message);
    expect(thrown?.message).not.toContain(GH_TOKEN);
    expect(thrown?.message).not.toContain(JIRA_TOKEN);
  });
});
