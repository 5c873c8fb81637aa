import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * How far each chat of a session has been read: inbound messages after `read_until` (a message id;
 * ids are time-ordered) are unread. One row per chat that was ever marked read.
 */
export function chatReadsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('chat_reads')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('peer', 'text', (c) => c.notNull())
        .addColumn('read_until', 'text', (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('chat_reads_pk', ['session_id', 'peer'])
        .execute();
    },
  };
}
