import type pg from 'pg';

/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT, and ROLLBACK when it throws. It
 * resolves only after COMMIT has returned, i.e. once PostgreSQL has the change durably (with the
 * server's default `synchronous_commit = on`): the shared-mode store's promises mean "stored".
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      // The connection itself failed (the server went away): do not hand it out again.
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
