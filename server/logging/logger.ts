import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config';

export type RelayLogger = Logger;

/**
 * JSON lines on stdout, synchronous so the last lines before a crash or SIGTERM are not lost
 * in a buffer.
 */
export function createRelayLogger(level: LogLevel): RelayLogger {
  return pino(
    { level, base: { service: 'relay' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ fd: 1, sync: true }),
  );
}
