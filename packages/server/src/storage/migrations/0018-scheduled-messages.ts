import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Scheduled messages: `send_at` is when a message accepted for later goes to its session's send
 * queue (null: at once), `cancelled_at` when one was cancelled before it was sent. The index serves
 * the scheduler's "what is due" query on every server.
 */
export function scheduledMessagesMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('messages').addColumn('send_at', big).execute();
      await db.schema.alterTable('messages').addColumn('cancelled_at', big).execute();
      await db.schema
        .createIndex('messages_scheduled')
        .on('messages')
        .columns(['status', 'send_at'])
        .execute();
    },
  };
}
