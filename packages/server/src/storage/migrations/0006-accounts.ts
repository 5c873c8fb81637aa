import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Refresh tokens a login session has rotated away from. Presenting one again means it leaked (the
 * client already got its successor), so the whole login session is revoked; keeping every retired
 * hash, not only the last, catches a token replayed several rotations later.
 */
export function accountsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('retired_refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('login_session_id', 'text', (c) =>
          c.notNull().references('login_sessions.id').onDelete('cascade'),
        )
        .addColumn('retired_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('retired_refresh_tokens_session')
        .on('retired_refresh_tokens')
        .column('login_session_id')
        .execute();
    },
  };
}
