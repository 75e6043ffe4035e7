import { ConfigError, parseRelayConfig } from './config';

/**
 * `npm run relay -- --host 127.0.0.1 --port 0 --data DIR`. Prints one plain line,
 * `relay listening on http://HOST:PORT`, for people and for scripts that wait for it.
 */
async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') {
    // `npm run relay -- migrate --data DIR --postgres URL`: copy an SQLite relay into PostgreSQL.
    const { runMigrateCommand } = await import('./storage/postgres/migrate-command');
    process.exit(
      await runMigrateCommand(process.argv.slice(3), process.env, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      }),
    );
  }
  let config;
  try {
    config = parseRelayConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relay: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const alertSourcesFile = config.alertSourcesFile;
  const alertSources =
    alertSourcesFile === null
      ? undefined
      : loadOrExit(
          (await import('./alerts/alert-sources-file')).loadAlertSourcesFile,
          alertSourcesFile,
        );
  const statusPagesFile = config.statusPagesFile;
  const statusPages =
    statusPagesFile === null
      ? undefined
      : loadOrExit(
          (await import('./status-pages/status-pages-file')).loadStatusPagesFile,
          statusPagesFile,
        );
  const outboundFile = config.outboundFile;
  const outbound =
    outboundFile === null
      ? undefined
      : loadOrExit((await import('./outbound/outbound-file')).loadOutboundFile, outboundFile);
  // Loaded only once the flags are known good, so a typo is reported at once.
  const [{ createRelayLogger }, { startRelay }] = await Promise.all([
    import('./logging/logger'),
    import('./relay'),
  ]);
  const logger = createRelayLogger(config.logLevel);
  const relay = await startRelay(config, logger, alertSources, statusPages, outbound);
  process.stdout.write(`relay listening on ${relay.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'signal', signal }, 'shutting down');
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** A file the relay is started with, checked before anything listens; a bad one stops it. */
function loadOrExit<T>(load: (path: string) => T, path: string): T {
  try {
    return load(path);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relay: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `relay: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
