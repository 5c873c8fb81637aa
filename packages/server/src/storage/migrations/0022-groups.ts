import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The groups a session is or was in, as WhatsApp last described them: kept current by the engine's
 * group events and by the changes made through the API, so they read without the connection.
 * `participants` is JSON (the list is always read and written whole); `left_at` is set when the
 * session left or was removed.
 */
export function groupsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('groups')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('owner_phone', 'text')
        .addColumn('owner_lid', 'text')
        .addColumn('created_at', big)
        .addColumn('announce', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('participants', 'text', (c) => c.notNull())
        .addColumn('left_at', big)
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('groups_pk', ['session_id', 'id'])
        .execute();
    },
  };
}
