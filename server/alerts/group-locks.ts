/**
 * Exclusive holds on named groups within this process: `withGroups` waits for every current
 * holder of any of its groups, then runs. A request registers for all its groups at once (in
 * one synchronous step), so two requests naming the same groups in any order queue one behind
 * the other and never wait on each other in a cycle.
 */
export class GroupLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withGroups<T>(groups: readonly string[], work: () => Promise<T>): Promise<T> {
    const keys = [...new Set(groups)];
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = keys.flatMap((key) => this.tails.get(key) ?? []);
    for (const key of keys) this.tails.set(key, mine);
    try {
      await Promise.all(before);
      return await work();
    } finally {
      release();
      for (const key of keys) if (this.tails.get(key) === mine) this.tails.delete(key);
    }
  }
}
