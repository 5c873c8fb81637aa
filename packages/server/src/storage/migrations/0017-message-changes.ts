import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * When a message was last edited by its sender and when it was deleted for everyone (revoked):
 * an edit replaces the message's text or caption in place, a revoke keeps its row (and content)
 * with the time it was revoked.
 */
export function messageChangesMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('messages').addColumn('edited_at', big).execute();
      await db.schema.alterTable('messages').addColumn('revoked_at', big).execute();
    },
  };
}
