import { describe, expect, it } from 'vitest';
import { parseAlertSources } from './alert-sources-file';

const GOOD_SOURCE = [
  'sources:',
  '  - id: prod-am',
  '    kind: alertmanager',
  '    authorization: { credentials: am-token-0123456789 }',
];

function problemOf(lines: string[]): string {
  try {
    parseAlertSources(lines.join('\n'), 'alerts.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('the alert sources file', () => {
  it('takes sources and routing rules', () => {
    const loaded = parseAlertSources(
      [
        ...GOOD_SOURCE,
        'routes:',
        '  - name: critical',
        '    match: { severity: critical }',
        '    severity: SEV1',
      ].join('\n'),
      'alerts.yaml',
    );
    expect([...loaded.sources.keys()]).toEqual(['prod-am']);
    expect(loaded.rules.map(({ rule }) => [rule.name, rule.action, rule.severity])).toEqual([
      ['critical', 'open', 'SEV1'],
    ]);
  });

  it.each([
    [
      'a secret too short',
      [
        'sources:',
        '  - id: prod-am',
        '    kind: alertmanager',
        '    authorization:',
        '      credentials: short',
      ],
      'alerts.yaml: line 5: sources[0].authorization.credentials: must be at least 16 characters',
    ],
    [
      'an unknown kind',
      ['sources:', '  - id: prod-am', '    kind: nagios'],
      'alerts.yaml: line 3: sources[0].kind: must be one of alertmanager, grafana',
    ],
    [
      'a misspelt field',
      [...GOOD_SOURCE, '    basic_auht: { username: a, password: b }'],
      'alerts.yaml: line 5: sources[0].basic_auht: unknown key',
    ],
    [
      'two ways to authenticate',
      [...GOOD_SOURCE, '    basic_auth: { username: am, password: am-password-0123456789 }'],
      'alerts.yaml: line 2: sources[0]: give exactly one of authorization or basic_auth',
    ],
    [
      'a repeated id',
      [...GOOD_SOURCE, ...GOOD_SOURCE.slice(1)],
      'alerts.yaml: line 5: sources[1].id: "prod-am" is already the id of another source',
    ],
    [
      'a rule for a source that does not exist',
      [...GOOD_SOURCE, 'routes:', '  - name: x', '    sources: [prod-grafana]'],
      'alerts.yaml: line 7: routes[0].sources[0]: no source has the id "prod-grafana"',
    ],
    [
      'a bad regex',
      [...GOOD_SOURCE, 'routes:', '  - name: x', '    match:', '      service: { regex: "pay(" }'],
      'alerts.yaml: line 8: routes[0].match.service.regex: is not a valid regular expression',
    ],
    [
      'a severity the rooms do not have',
      [...GOOD_SOURCE, 'routes:', '  - name: x', '    severity: SEV0'],
      'alerts.yaml: line 7: routes[0].severity: must be one of SEV1, SEV2, SEV3, SEV4',
    ],
    ['YAML that does not parse', ['sources: [', '  - id'], 'alerts.yaml: line 2: YAML: '],
  ])('names the line and field of %s', (_what, lines, expected) => {
    expect(problemOf(lines)).toContain(`alert sources file ${expected}`);
  });

  it('never repeats a secret in its message', () => {
    const message = problemOf([
      'sources:',
      '  - id: prod-am',
      '    kind: alertmanager',
      '    authorization: { type: "Bearer token", credentials: secret-token-0123456789 }',
    ]);
    expect(message).toContain('sources[0].authorization.type');
    expect(message).not.toContain('secret-token');
  });

  describe('secrets named instead of written', () => {
    const secrets = {
      env: { AM_TOKEN: 'env-token-0123456789abcdef' },
      readFile: (path: string) => {
        if (path === '/run/secrets/am') return 'file-token-0123456789abcdef\n';
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
    };
    const sourceWith = (credentials: string) => [
      'sources:',
      '  - id: prod-am',
      '    kind: alertmanager',
      `    authorization: { credentials: ${credentials} }`,
    ];
    const credentialsOf = (lines: string[]) =>
      (
        parseAlertSources(lines.join('\n'), 'alerts.yaml', secrets).sources.get('prod-am')
          ?.config as { authorization: { credentials: string } }
      ).authorization.credentials;
    const refusalOf = (lines: string[]) => {
      try {
        parseAlertSources(lines.join('\n'), 'alerts.yaml', secrets);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the file was accepted');
    };

    it('reads { env: NAME } from the environment and { file: PATH } from the file', () => {
      expect(credentialsOf(sourceWith('{ env: AM_TOKEN }'))).toBe('env-token-0123456789abcdef');
      // The file's trailing newline is not part of the secret.
      expect(credentialsOf(sourceWith('{ file: /run/secrets/am }'))).toBe(
        'file-token-0123456789abcdef',
      );
    });

    it('names the line, the field and the variable or file that is missing', () => {
      expect(refusalOf(sourceWith('{ env: NOT_SET }'))).toBe(
        'alert sources file alerts.yaml: line 4: sources[0].authorization.credentials: environment variable NOT_SET is not set',
      );
      expect(refusalOf(sourceWith('{ file: /run/secrets/gone }'))).toBe(
        'alert sources file alerts.yaml: line 4: sources[0].authorization.credentials: secret file /run/secrets/gone cannot be read (ENOENT)',
      );
    });

    it('checks the value it read like a written one, without repeating it', () => {
      const short = { ...secrets, env: { AM_TOKEN: 'short-secret' } };
      let message = '';
      try {
        parseAlertSources(sourceWith('{ env: AM_TOKEN }').join('\n'), 'alerts.yaml', short);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('sources[0].authorization.credentials: must be at least 16');
      expect(message).not.toContain('short-secret');
    });
  });
});
