import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloseCode, shouldRetry } from '../shared/protocol/close-codes';
import { BOOLEAN_OPTIONS, NUMERIC_OPTIONS, STRING_OPTIONS } from './config';
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
    const registered = (await new RelayMetrics().registry.getMetricsAsJSON())
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
});
