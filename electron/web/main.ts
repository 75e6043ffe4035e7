import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rendererBuildReason } from './renderer-build-stamp';
import { parseWebArgs, WEB_USAGE } from './web-args';
import { startWebServer } from './web-server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/**
 * Builds the renderer when its sources differ from what dist/renderer was built from (or there is
 * no build): a start with unchanged sources serves the existing bundle at once.
 */
async function buildRendererIfStale(): Promise<void> {
  const reason = rendererBuildReason(repoRoot, rendererDir);
  if (reason === null) {
    console.log('incident-room web: the renderer build is current (sources unchanged)');
    return;
  }
  console.log(`incident-room web: building the renderer (${reason})…`);
  // Vite is a build tool: loaded only when web mode builds, never by the host itself.
  const { build } = await import('vite');
  await build({
    root: `${repoRoot}renderer`,
    configFile: `${repoRoot}vite.config.ts`,
    logLevel: 'warn',
  });
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    console.error(
      `incident-room web: ${error instanceof Error ? error.message : String(error)}\n${WEB_USAGE}`,
    );
    process.exit(2);
  }
  if (args.build) await buildRendererIfStale();
  const { version } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as {
    version: string;
  };
  const server = await startWebServer({ ...args, rendererDir, version });
  console.log(`incident-room web: ${server.url}`);
  console.log(
    `data folder: ${args.dataDir}${args.relayUrl ? `; relay for new rooms: ${args.relayUrl}` : ''}${
      args.teamKey ? '; team room list on (team key saved in the data folder)' : ''
    }`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`incident-room web: ${signal}, saving and stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('incident-room web: failed to stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
