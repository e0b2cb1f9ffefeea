// Deleting what is kept only for a while, a batch at a time: no statement holds many row locks for
// long, and a large backlog (a purge that did not run for weeks) goes in several short statements.
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client';

/**
 * Deletes the rows of `table` that match `where`, `batch` rows per statement (picked by `key`, a
 * unique column or `ctid`), until a batch comes back short; returns how many went.
 */
export async function deleteInBatches(
  db: Executor,
  target: { table: string; key: string; where: SQL },
  batch: number,
): Promise<number> {
  const table = sql.identifier(target.table);
  const key = target.key === 'ctid' ? sql.raw('ctid') : sql.identifier(target.key);
  let deleted = 0;
  for (;;) {
    const rows = await db.execute<{ n: number }>(sql`
      with gone as (
        delete from ${table} where ${key} = any(array(select ${key} from ${table} where ${target.where} limit ${batch}))
        returning 1
      )
      select count(*)::int as n from gone`);
    const n = rows[0]?.n ?? 0;
    deleted += n;
    if (n < batch) return deleted;
  }
}
