import { ConfigError } from './config-error';

/** A flag's value, else its environment variable's (parseRelayConfig's reader). */
type StringValue = (flag: string, envName: string) => string | undefined;

/**
 * Shared mode's settings: Redis and PostgreSQL together or not at all, and the addresses the
 * relays advertise to hosts (docs/RELAY.md, "Running several relays").
 */
export function parseSharedMode(stringValue: StringValue): {
  redisUrl: string | null;
  postgresUrl: string | null;
  advertiseUrls: string[];
} {
  const redisUrl = stringValue('redis', 'RELAY_REDIS_URL') ?? null;
  const postgresUrl = stringValue('postgres', 'RELAY_POSTGRES_URL') ?? null;
  if ((redisUrl === null) !== (postgresUrl === null)) {
    throw new ConfigError(
      'shared mode needs both --redis URL and --postgres URL (or RELAY_REDIS_URL and RELAY_POSTGRES_URL); give both, or neither for one relay with SQLite',
    );
  }
  const advertiseUrls = parseAdvertiseUrls(stringValue('advertise-urls', 'RELAY_ADVERTISE_URLS'));
  return { redisUrl, postgresUrl, advertiseUrls };
}

/** `http://a:8787,https://b.example` → normalized origins; a bad entry is named in the error. */
function parseAdvertiseUrls(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      let url: URL;
      try {
        url = new URL(part);
      } catch {
        throw new ConfigError(
          `--advertise-urls: "${part}" is not a URL (expected http(s)://host:port)`,
        );
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ConfigError(`--advertise-urls: "${part}" must start with http:// or https://`);
      }
      return url.origin;
    });
}
