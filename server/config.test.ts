import { describe, expect, it } from 'vitest';
import { RELAY_PROTOCOL_VERSION_ENV } from '../shared/protocol/protocol-version';
import { RELAY_PROTOCOL_VERSION } from '../shared/protocol/relay-protocol';
import { keyVerifier } from './auth/room-keys';
import { ConfigError, NUMERIC_OPTIONS, defaultRelayConfig, parseRelayConfig } from './config';

describe('parseRelayConfig', () => {
  it('needs a data folder', () => {
    expect(() => parseRelayConfig([], {})).toThrow(/--data DIR/);
  });

  it('uses the defaults for everything not given', () => {
    expect(parseRelayConfig(['--data', '/d'], {})).toEqual(defaultRelayConfig('/d'));
  });

  it('lets flags win over environment variables', () => {
    const config = parseRelayConfig(['--data', '/flag', '--port', '9000'], {
      RELAY_DATA: '/env',
      RELAY_PORT: '8000',
      RELAY_HOST: '0.0.0.0',
      RELAY_CREATION_TOKEN: 'from-env',
      RELAY_TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      dataDir: '/flag',
      port: 9000,
      host: '0.0.0.0',
      creationToken: 'from-env',
      trustProxy: true,
    });
  });

  it('reads every numeric setting from its flag and its environment variable', () => {
    for (const option of NUMERIC_OPTIONS) {
      const value = String(Math.max(option.min, 1) + 1);
      expect(parseRelayConfig(['--data', '/d', `--${option.flag}`, value], {})[option.key]).toBe(
        Number(value),
      );
      expect(parseRelayConfig(['--data', '/d'], { [option.env]: value })[option.key]).toBe(
        Number(value),
      );
    }
  });

  it.each([
    [['--port', 'eighty'], /--port must be a whole number/],
    [['--port', '70000'], /TCP port/],
    [['--port=-1'], /whole number/],
    [['--max-message-bytes', '10'], /at least 1024/],
    [['--messages-per-second', '1.5'], /whole number/],
    [['--log-level', 'loud'], /log level/],
    [['--colour', 'blue'], /colour/],
    [['stray-positional'], /positional/i],
  ])('refuses %j', (args, message) => {
    expect(() => parseRelayConfig(['--data', '/d', ...args], {})).toThrow(ConfigError);
    expect(() => parseRelayConfig(['--data', '/d', ...args], {})).toThrow(message);
  });

  it('speaks another protocol version only when the test-only variable says so', () => {
    expect(parseRelayConfig(['--data', '/d'], {}).protocolVersion).toBe(RELAY_PROTOCOL_VERSION);
    expect(
      parseRelayConfig(['--data', '/d'], { [RELAY_PROTOCOL_VERSION_ENV]: '7' }).protocolVersion,
    ).toBe(7);
    expect(() =>
      parseRelayConfig(['--data', '/d'], { [RELAY_PROTOCOL_VERSION_ENV]: 'v2' }),
    ).toThrow();
  });

  it('names the environment variable when that is where a bad value came from', () => {
    expect(() => parseRelayConfig(['--data', '/d'], { RELAY_PORT: 'x' })).toThrow(/RELAY_PORT/);
    expect(() => parseRelayConfig(['--data', '/d'], { RELAY_TRUST_PROXY: 'maybe' })).toThrow(
      /RELAY_TRUST_PROXY/,
    );
  });

  it('takes the alert sources file from --alert-sources or RELAY_ALERT_SOURCES', () => {
    expect(parseRelayConfig(['--data', '/d'], {}).alertSourcesFile).toBeNull();
    const fromEnv = { RELAY_ALERT_SOURCES: '/etc/relay/env-alerts.yaml' };
    expect(parseRelayConfig(['--data', '/d'], fromEnv).alertSourcesFile).toBe(
      '/etc/relay/env-alerts.yaml',
    );
    expect(
      parseRelayConfig(['--data', '/d', '--alert-sources', '/etc/relay/alerts.yaml'], fromEnv)
        .alertSourcesFile,
    ).toBe('/etc/relay/alerts.yaml');
  });

  it('keeps only the team key’s verifier, from the flag or RELAY_TEAM_KEY', () => {
    const key = 'team-key-0123456789abcdef';
    const fromFlag = parseRelayConfig(['--data', '/d', '--team-key', key], {});
    expect(fromFlag.teamKeyVerifier).toEqual(keyVerifier(key));
    expect(JSON.stringify(fromFlag)).not.toContain(key);
    expect(parseRelayConfig(['--data', '/d'], { RELAY_TEAM_KEY: key }).teamKeyVerifier).toEqual(
      keyVerifier(key),
    );
    expect(parseRelayConfig(['--data', '/d'], {}).teamKeyVerifier).toBeNull();
  });

  it('refuses a short team key without repeating it', () => {
    let message = '';
    try {
      parseRelayConfig(['--data', '/d'], { RELAY_TEAM_KEY: 'short-key' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/RELAY_TEAM_KEY must be at least 16 characters/);
    expect(message).not.toContain('short-key');
    expect(() =>
      parseRelayConfig(['--data', '/d', '--team-key', 'has a space in it 0123'], {}),
    ).toThrow(/--team-key must be/);
  });

  it('runs in shared mode only with both --redis and --postgres, from flags or env', () => {
    const one = parseRelayConfig(['--data', '/d'], {});
    expect([one.redisUrl, one.postgresUrl]).toEqual([null, null]);
    const shared = parseRelayConfig(['--data', '/d', '--redis', 'redis://127.0.0.1:6390'], {
      RELAY_POSTGRES_URL: 'postgres://relay:pw@127.0.0.1:5499/rooms',
    });
    expect(shared.redisUrl).toBe('redis://127.0.0.1:6390');
    expect(shared.postgresUrl).toBe('postgres://relay:pw@127.0.0.1:5499/rooms');
    expect(() => parseRelayConfig(['--data', '/d', '--redis', 'redis://x'], {})).toThrow(
      /needs both --redis URL and --postgres URL/,
    );
  });

  it('reads the advertised relay addresses as origins and names a bad one', () => {
    expect(parseRelayConfig(['--data', '/d'], {}).advertiseUrls).toEqual([]);
    const config = parseRelayConfig(
      ['--data', '/d', '--advertise-urls', 'http://127.0.0.1:4455/, https://relay-b.example.com'],
      {},
    );
    expect(config.advertiseUrls).toEqual(['http://127.0.0.1:4455', 'https://relay-b.example.com']);
    expect(() =>
      parseRelayConfig(['--data', '/d'], { RELAY_ADVERTISE_URLS: 'ws://127.0.0.1:1' }),
    ).toThrow(/"ws:\/\/127.0.0.1:1" must start with http/);
  });
});
