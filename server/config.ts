import { ConfigError } from './config-error';
import { parseSharedMode } from './config-shared-mode';
import { parseArgs } from 'node:util';
import {
  RELAY_PROTOCOL_VERSION_ENV,
  parseDeclaredProtocol,
} from '../shared/protocol/protocol-version';
import { RELAY_PROTOCOL_VERSION } from '../shared/protocol/relay-protocol';
import { keyVerifier } from './auth/room-keys';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export interface RelayConfig {
  readonly host: string;
  readonly port: number;
  /** The SQLite relay's folder; null in shared mode, which keeps nothing on local disk. */
  readonly dataDir: string | null;
  /** When set, `POST /rooms` needs `Authorization: Bearer <token>`. */
  readonly creationToken: string | null;
  /**
   * SHA-256 of the team key, when the relay has one (`--team-key`): it lists the rooms
   * (`GET /rooms`) and opens any room with write access. Only the verifier is kept, so the key
   * itself is in no object a log line or a heap dump could show.
   */
  readonly teamKeyVerifier: Buffer | null;
  readonly maxMessageBytes: number;
  readonly messageBurst: number;
  readonly messagesPerSecond: number;
  readonly readOnlyAwarenessBurst: number;
  readonly readOnlyAwarenessPerSecond: number;
  readonly maxConnectionsPerAddress: number;
  readonly maxLoadedRooms: number;
  readonly maxRooms: number;
  readonly handshakeTimeoutMs: number;
  readonly roomUnloadGraceMs: number;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  readonly heartbeatIntervalMs: number;
  readonly confirmDelayMs: number;
  readonly maxEventBodyBytes: number;
  readonly maxHookBodyBytes: number;
  /** The YAML file of alert sources and routing rules (`--alert-sources`), or null: no hooks. */
  readonly alertSourcesFile: string | null;
  /** The YAML file of public status pages (`--status-pages`), or null: no `/status/...` pages. */
  readonly statusPagesFile: string | null;
  /** The YAML file of outbound targets and routes (`--outbound`), or null: nothing is sent. */
  readonly outboundFile: string | null;
  readonly maxBufferedBytes: number;
  /**
   * Shared mode (docs/RELAY.md, "Running several relays"): with both set, rooms live in this
   * PostgreSQL database and updates cross between relays through this Redis; with neither, the
   * relay is one process with its SQLite file. They may hold passwords: never log them.
   */
  readonly redisUrl: string | null;
  readonly postgresUrl: string | null;
  /**
   * The http(s) addresses of every relay that serves the same rooms (`--advertise-urls`), served
   * on /healthz so hosts can move to another when theirs dies. Empty: none advertised.
   */
  readonly advertiseUrls: readonly string[];
  readonly trustProxy: boolean;
  readonly logLevel: LogLevel;
  /**
   * The protocol version this relay speaks, served by /healthz and required of hosts that
   * declare one. Always RELAY_PROTOCOL_VERSION, except where tests play a relay of another
   * version (RELAY_PROTOCOL_VERSION_ENV, docs/RELAY.md); deliberately not a flag.
   */
  readonly protocolVersion: number;
}

type NumericKey = {
  [K in keyof RelayConfig]: RelayConfig[K] extends number ? K : never;
}[Exclude<keyof RelayConfig, 'protocolVersion'>];

interface NumericOption {
  readonly key: NumericKey;
  readonly flag: string;
  readonly env: string;
  readonly fallback: number;
  readonly min: number;
  readonly doc: string;
}

/** One table for flags, env vars, defaults and docs, so docs/RELAY.md can be checked against it. */
export const NUMERIC_OPTIONS = [
  {
    key: 'port',
    flag: 'port',
    env: 'RELAY_PORT',
    fallback: 4455,
    min: 0,
    doc: 'TCP port; 0 picks a free one',
  },
  {
    key: 'maxMessageBytes',
    flag: 'max-message-bytes',
    env: 'RELAY_MAX_MESSAGE_BYTES',
    fallback: 8 * 1024 * 1024,
    min: 1024,
    doc: 'largest websocket message a client may send',
  },
  {
    key: 'messageBurst',
    flag: 'message-burst',
    env: 'RELAY_MESSAGE_BURST',
    fallback: 300,
    min: 1,
    doc: 'messages a connection may send at once',
  },
  {
    key: 'messagesPerSecond',
    flag: 'messages-per-second',
    env: 'RELAY_MESSAGES_PER_SECOND',
    fallback: 100,
    min: 1,
    doc: 'sustained messages per second per connection',
  },
  {
    key: 'readOnlyAwarenessBurst',
    flag: 'read-only-awareness-burst',
    env: 'RELAY_READ_ONLY_AWARENESS_BURST',
    fallback: 10,
    min: 1,
    doc: 'presence messages a read-only connection may send at once',
  },
  {
    key: 'readOnlyAwarenessPerSecond',
    flag: 'read-only-awareness-per-second',
    env: 'RELAY_READ_ONLY_AWARENESS_PER_SECOND',
    fallback: 2,
    min: 1,
    doc: 'sustained presence messages per second for read-only connections',
  },
  {
    key: 'maxConnectionsPerAddress',
    flag: 'max-connections-per-address',
    env: 'RELAY_MAX_CONNECTIONS_PER_ADDRESS',
    fallback: 32,
    min: 1,
    doc: 'open websockets per client IP',
  },
  {
    key: 'maxLoadedRooms',
    flag: 'max-loaded-rooms',
    env: 'RELAY_MAX_LOADED_ROOMS',
    fallback: 1000,
    min: 1,
    doc: 'rooms held in memory at once',
  },
  {
    key: 'maxRooms',
    flag: 'max-rooms',
    env: 'RELAY_MAX_ROOMS',
    fallback: 100_000,
    min: 1,
    doc: 'rooms stored on this relay',
  },
  {
    key: 'handshakeTimeoutMs',
    flag: 'handshake-timeout-ms',
    env: 'RELAY_HANDSHAKE_TIMEOUT_MS',
    fallback: 10_000,
    min: 100,
    doc: 'time to send HTTP headers, and then the first websocket message',
  },
  {
    key: 'roomUnloadGraceMs',
    flag: 'room-unload-grace-ms',
    env: 'RELAY_ROOM_UNLOAD_GRACE_MS',
    fallback: 30_000,
    min: 0,
    doc: 'how long an empty room stays in memory',
  },
  {
    key: 'compactAfterUpdates',
    flag: 'compact-after-updates',
    env: 'RELAY_COMPACT_AFTER_UPDATES',
    fallback: 500,
    min: 1,
    doc: 'update log entries before a room is compacted (a long room also waits for a quarter of its snapshot)',
  },
  {
    key: 'compactAfterBytes',
    flag: 'compact-after-bytes',
    env: 'RELAY_COMPACT_AFTER_BYTES',
    fallback: 1024 * 1024,
    min: 1,
    doc: 'update log bytes before a room is compacted',
  },
  {
    key: 'heartbeatIntervalMs',
    flag: 'heartbeat-interval-ms',
    env: 'RELAY_HEARTBEAT_INTERVAL_MS',
    fallback: 30_000,
    min: 100,
    doc: 'websocket ping interval; a socket silent for two is dropped',
  },
  {
    key: 'confirmDelayMs',
    flag: 'confirm-delay-ms',
    env: 'RELAY_CONFIRM_DELAY_MS',
    fallback: 50,
    min: 0,
    doc: 'coalescing window for confirm messages',
  },
  {
    key: 'maxEventBodyBytes',
    flag: 'max-event-body-bytes',
    env: 'RELAY_MAX_EVENT_BODY_BYTES',
    fallback: 64 * 1024,
    min: 256,
    doc: 'largest body of POST requests',
  },
  {
    key: 'maxHookBodyBytes',
    flag: 'max-hook-body-bytes',
    env: 'RELAY_MAX_HOOK_BODY_BYTES',
    fallback: 4 * 1024 * 1024,
    min: 1024,
    doc: 'largest body of POST /hooks/<source-id> (an alert group of many alerts)',
  },
  {
    key: 'maxBufferedBytes',
    flag: 'max-buffered-bytes',
    env: 'RELAY_MAX_BUFFERED_BYTES',
    fallback: 64 * 1024 * 1024,
    min: 64 * 1024,
    doc: 'unsent bytes queued for one client that stopped reading before it is dropped',
  },
] as const satisfies readonly NumericOption[];

// Every numeric setting must have a row above; this fails to compile when one is missing.
type UnlistedNumericKey = Exclude<NumericKey, (typeof NUMERIC_OPTIONS)[number]['key']>;
const everyNumericSettingListed: [UnlistedNumericKey] extends [never] ? true : never = true;
void everyNumericSettingListed;

export const STRING_OPTIONS = [
  { flag: 'host', env: 'RELAY_HOST', doc: 'address to listen on (default 127.0.0.1)' },
  { flag: 'data', env: 'RELAY_DATA', doc: 'folder for the relay database (required)' },
  {
    flag: 'creation-token',
    env: 'RELAY_CREATION_TOKEN',
    doc: 'bearer token required by POST /rooms',
  },
  {
    flag: 'team-key',
    env: 'RELAY_TEAM_KEY',
    doc: 'lists the rooms (GET /rooms) and opens any room with write access',
  },
  {
    flag: 'alert-sources',
    env: 'RELAY_ALERT_SOURCES',
    doc: 'YAML file of alert sources and routing rules (POST /hooks/<source-id>)',
  },
  {
    flag: 'status-pages',
    env: 'RELAY_STATUS_PAGES',
    doc: 'YAML file of public status pages (GET /status/<page>)',
  },
  {
    flag: 'outbound',
    env: 'RELAY_OUTBOUND',
    doc: 'YAML file of outbound targets (webhook, slack) and which room events go to them',
  },
  {
    flag: 'redis',
    env: 'RELAY_REDIS_URL',
    doc: 'shared mode: redis://host:port of the Redis that carries updates between relays',
  },
  {
    flag: 'postgres',
    env: 'RELAY_POSTGRES_URL',
    doc: 'shared mode: postgres://user:pass@host/db that stores the rooms of every relay',
  },
  {
    flag: 'advertise-urls',
    env: 'RELAY_ADVERTISE_URLS',
    doc: 'comma-separated http(s) addresses of the relays serving these rooms (on /healthz)',
  },
  {
    flag: 'log-level',
    env: 'RELAY_LOG_LEVEL',
    doc: `one of ${LOG_LEVELS.join(', ')} (default info)`,
  },
] as const;

export const BOOLEAN_OPTIONS = [
  {
    flag: 'trust-proxy',
    env: 'RELAY_TRUST_PROXY',
    doc: 'take the client IP from the last X-Forwarded-For hop',
  },
] as const;

export { ConfigError };

function parseInteger(text: string, option: NumericOption, source: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new ConfigError(`${source} must be a whole number, got "${text}"`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < option.min) {
    throw new ConfigError(`${source} must be at least ${option.min}, got ${text}`);
  }
  if (option.key === 'port' && value > 65535) {
    throw new ConfigError(`${source} must be a TCP port (0-65535), got ${text}`);
  }
  return value;
}

function parseBoolean(text: string, source: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off|)$/i.test(text)) return false;
  throw new ConfigError(`${source} must be true or false, got "${text}"`);
}

/** Shared by every member of the team, so it must not be guessable; the message never repeats it. */
export const MIN_TEAM_KEY_LENGTH = 16;
const TEAM_KEY_PATTERN = /^\S+$/;

function teamKeyVerifier(teamKey: string, source: string): Buffer {
  if (teamKey.length < MIN_TEAM_KEY_LENGTH || !TEAM_KEY_PATTERN.test(teamKey)) {
    throw new ConfigError(
      `${source} must be at least ${MIN_TEAM_KEY_LENGTH} characters without spaces (e.g. openssl rand -hex 32)`,
    );
  }
  return keyVerifier(teamKey);
}

/** The defaults, for tests and embedders that start a relay in-process. */
export function defaultRelayConfig(dataDir: string | null): RelayConfig {
  const numbers = Object.fromEntries(NUMERIC_OPTIONS.map((o) => [o.key, o.fallback])) as Record<
    NumericKey,
    number
  >;
  return {
    ...numbers,
    host: '127.0.0.1',
    dataDir,
    creationToken: null,
    alertSourcesFile: null,
    statusPagesFile: null,
    outboundFile: null,
    redisUrl: null,
    postgresUrl: null,
    advertiseUrls: [],
    teamKeyVerifier: null,
    trustProxy: false,
    logLevel: 'info',
    protocolVersion: RELAY_PROTOCOL_VERSION,
  };
}

/** Flags win over environment variables, which win over defaults. */
export function parseRelayConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): RelayConfig {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const o of NUMERIC_OPTIONS) options[o.flag] = { type: 'string' };
  for (const o of STRING_OPTIONS) options[o.flag] = { type: 'string' };
  for (const o of BOOLEAN_OPTIONS) options[o.flag] = { type: 'boolean' };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const stringValue = (flag: string, envName: string): string | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return fromFlag;
    const fromEnv = env[envName];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
  };

  const sharedMode = parseSharedMode(stringValue);
  const shared = sharedMode.postgresUrl !== null;
  const dataDir = stringValue('data', 'RELAY_DATA') ?? null;
  if (!dataDir && !shared) throw new ConfigError('--data DIR (or RELAY_DATA) is required');
  const config: Record<string, unknown> = {
    ...defaultRelayConfig(shared ? null : dataDir),
    ...sharedMode,
  };
  for (const o of NUMERIC_OPTIONS) {
    const text = stringValue(o.flag, o.env);
    if (text !== undefined) {
      const source = typeof values[o.flag] === 'string' ? `--${o.flag}` : o.env;
      config[o.key] = parseInteger(text, o, source);
    }
  }
  config.host = stringValue('host', 'RELAY_HOST') ?? '127.0.0.1';
  config.creationToken = stringValue('creation-token', 'RELAY_CREATION_TOKEN') ?? null;
  config.alertSourcesFile = stringValue('alert-sources', 'RELAY_ALERT_SOURCES') ?? null;
  config.statusPagesFile = stringValue('status-pages', 'RELAY_STATUS_PAGES') ?? null;
  config.outboundFile = stringValue('outbound', 'RELAY_OUTBOUND') ?? null;
  const teamKey = stringValue('team-key', 'RELAY_TEAM_KEY');
  if (teamKey !== undefined) {
    const source = typeof values['team-key'] === 'string' ? '--team-key' : 'RELAY_TEAM_KEY';
    config.teamKeyVerifier = teamKeyVerifier(teamKey, source);
  }
  const logLevel = stringValue('log-level', 'RELAY_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  config.logLevel = logLevel;
  const trustFlag = values['trust-proxy'];
  config.trustProxy =
    typeof trustFlag === 'boolean'
      ? trustFlag
      : parseBoolean(env.RELAY_TRUST_PROXY ?? '', 'RELAY_TRUST_PROXY');
  const protocolText = env[RELAY_PROTOCOL_VERSION_ENV];
  if (protocolText !== undefined && protocolText !== '') {
    // The same grammar as a host's declared version, so the relay can speak any a host can ask.
    const protocol = parseDeclaredProtocol(protocolText);
    if (protocol.kind !== 'version') {
      throw new ConfigError(
        `${RELAY_PROTOCOL_VERSION_ENV} must be a whole number from 1, got "${protocolText}"`,
      );
    }
    config.protocolVersion = protocol.version;
  }
  return config as unknown as RelayConfig;
}
