import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CloseCode, shouldRetry } from '../shared/protocol/close-codes';
import { BOOLEAN_OPTIONS, NUMERIC_OPTIONS, STRING_OPTIONS } from './config';
import { ClusterMetrics } from './metrics/cluster-metrics';
import { RelayMetrics } from './metrics/relay-metrics';

// docs/RELAY.md is what operators read; these checks keep it from drifting from the code.
// Table cells are compared trimmed, so prettier's column padding does not matter.
const doc = readFileSync(new URL('../docs/RELAY.md', import.meta.url), 'utf8')
  .split('\n')
  .map((line) =>
    line.startsWith('|')
      ? `| ${line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim())
          .join(' | ')} |`
      : line,
  )
  .join('\n');

function tableRows(pattern: RegExp): RegExpExecArray[] {
  return doc
    .split('\n')
    .map((line) => pattern.exec(line))
    .filter((match): match is RegExpExecArray => match !== null);
}

describe('docs/RELAY.md', () => {
  it('lists exactly the close codes of close-codes.ts, with the right retry advice', () => {
    const rows = tableRows(/^\| (\d{4}) \| (\w+) \| (yes|no) \|/);
    const documented = rows.map(([, code, name, retry]) => ({ code: Number(code), name, retry }));
    const actual = Object.entries(CloseCode).map(([name, code]) => ({
      code,
      name,
      retry: shouldRetry(code) ? 'yes' : 'no',
    }));
    const byCode = (a: { code: number }, b: { code: number }) => a.code - b.code;
    expect(documented.sort(byCode)).toEqual(actual.sort(byCode));
  });

  it('lists exactly the relay metrics that /metrics exposes', async () => {
    const metrics = new RelayMetrics();
    // Shared mode adds its own to the same registry; both are documented.
    new ClusterMetrics(metrics.registry, {
      storesUp: () => Promise.resolve({ redis: true, postgres: true }),
      presence: () => Promise.resolve({ relays: 1, connections: 0, roomsLoaded: 0 }),
      roomsStored: () => Promise.resolve(0),
    });
    const registered = (await metrics.registry.getMetricsAsJSON())
      .map((metric) => metric.name)
      .filter((name) => !name.startsWith('relay_process_'))
      .sort();
    const documented = tableRows(/^\| `(relay_[a-z_]+)` \|/)
      .map(([, name]) => name)
      .sort();
    expect(documented).toEqual(registered);
  });

  it('documents every flag with its environment variable and default', () => {
    for (const option of [...STRING_OPTIONS, ...BOOLEAN_OPTIONS]) {
      expect(doc).toContain(`| \`--${option.flag}\` | \`${option.env}\` |`);
    }
    for (const option of NUMERIC_OPTIONS) {
      expect(doc).toContain(`| \`--${option.flag}\` | \`${option.env}\` | ${option.fallback} |`);
    }
  });

  it('has a compose file whose relays set only variables the relay reads', () => {
    const compose = parse(
      readFileSync(new URL('../deploy/compose.yaml', import.meta.url), 'utf8'),
    ) as { 'x-relay': { environment: Record<string, string> }; services: Record<string, unknown> };
    const known = new Set<string>(
      [...STRING_OPTIONS, ...BOOLEAN_OPTIONS, ...NUMERIC_OPTIONS].map((option) => option.env),
    );
    const used = Object.keys(compose['x-relay'].environment);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
    // Shared mode needs both stores; three relays share them.
    expect(used).toEqual(expect.arrayContaining(['RELAY_REDIS_URL', 'RELAY_POSTGRES_URL']));
    expect(Object.keys(compose.services).filter((name) => name.startsWith('relay-'))).toHaveLength(
      3,
    );
  });
});
