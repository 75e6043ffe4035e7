import type { RelayLogger } from '../../logging/logger';

/**
 * Writes of derived rows (the team list, the status pages) that nobody waits for: a failure is
 * logged with the rooms it concerned and costs freshness until the room's next change, never an
 * update; `settle()` lets shutdown wait for those in flight before the pool closes.
 */
export class BackgroundWrites {
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly logger: RelayLogger,
    /** What the log line says could not be written, e.g. "room list rows". */
    private readonly what: string,
  ) {}

  start(roomIds: readonly string[], write: Promise<void>): void {
    const tracked = write
      .catch((error: unknown) => {
        this.logger.error({ err: error, rooms: roomIds }, `${this.what} could not be written`);
      })
      .finally(() => this.writing.delete(tracked));
    this.writing.add(tracked);
  }

  /** Resolves once every write begun so far has finished (shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.writing]);
  }
}
