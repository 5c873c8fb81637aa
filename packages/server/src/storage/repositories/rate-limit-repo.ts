import { sql } from 'kysely';
import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

const hit = new PreparedQuery((db, key: string, windowStart: number) =>
  db
    .insertInto('rate_limit_windows')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet({ count: sql`rate_limit_windows.count + 1` }),
    )
    .returning('count'),
);

/** Fixed-window request counters shared by every server on the database. */
export class RateLimitRepo {
  constructor(private readonly db: Db) {}

  /** Counts one request in the window and returns the window's count so far (atomic on both dialects). */
  async hit(key: string, windowStart: number): Promise<number> {
    const row = await hit.first(this.db, key, windowStart);
    return Number(row?.count ?? 0);
  }

  /** Forgets windows that started before `before`. */
  async prune(before: number): Promise<void> {
    await this.db.deleteFrom('rate_limit_windows').where('window_start', '<', before).execute();
  }
}
