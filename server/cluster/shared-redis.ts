/**
 * The Redis client of shared mode, loaded on first use: `@redis/client` takes about 140 ms to
 * import, which every embedded relay (SQLite, no Redis) would otherwise pay at start, and the
 * bundle keeps it external (scripts/build-relay.mjs), so only a real `import()` defers it.
 */
export async function loadSharedRedis() {
  const { createClient, RESP_TYPES } = await import('@redis/client');
  return {
    /** No offline queue: a command while Redis is away fails at once instead of waiting unseen.
     * RESP2: XREAD's reply is the documented nested array (RESP3 would make it a map). */
    connectClient: (url: string) => createClient({ url, RESP: 2, disableOfflineQueue: true }),
    /** Command options that return blob strings as Buffers (stream entries carry binary). */
    bufferReplies: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } as const,
  };
}

type SharedRedis = Awaited<ReturnType<typeof loadSharedRedis>>;
export type SharedRedisClient = ReturnType<SharedRedis['connectClient']>;
export type BufferReplies = SharedRedis['bufferReplies'];
