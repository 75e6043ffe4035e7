/**
 * Prints the Markdown tables of the results in bench/results/ (for docs/BENCHMARKS.md):
 * `node --import tsx bench/render-tables.ts [short|full]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertsTable } from './alerts-table';
import { clusterTable } from './cluster-table';
import { RESULTS_DIR } from './lib/results';
import {
  capacityTable,
  eventsTable,
  exportTable,
  fanoutTable,
  offlineTable,
  stormTable,
  storeTables,
  uiTable,
} from './tables';

interface ResultFile {
  loadBefore?: string;
  loadAfter?: string;
  durationMs?: number;
  config?: unknown;
  failed?: string;
  result?: unknown;
}

const mode = process.argv[2] ?? 'full';
const renderers: Record<string, (result: never) => string> = {
  fanout: fanoutTable,
  capacity: capacityTable,
  storm: stormTable,
  store: storeTables,
  offline: offlineTable,
  ui: uiTable,
  export: exportTable,
  events: eventsTable,
  alerts: alertsTable,
  cluster: clusterTable,
};

for (const [name, render] of Object.entries(renderers)) {
  const path = join(RESULTS_DIR, `${name}-${mode}.json`);
  if (!existsSync(path)) continue;
  const file = JSON.parse(readFileSync(path, 'utf8')) as ResultFile;
  console.log(`#### ${name} (${mode}): \`${JSON.stringify(file.config)}\`\n`);
  if (file.failed !== undefined) {
    console.log(`FAILED: ${file.failed}\n`);
    continue;
  }
  console.log(`Load before: \`${file.loadBefore ?? '?'}\`  `);
  console.log(`Load after: \`${file.loadAfter ?? '?'}\`  `);
  console.log(`Took ${((file.durationMs ?? 0) / 1000).toFixed(0)} s.\n`);
  console.log(`${render(file.result as never)}\n`);
}
