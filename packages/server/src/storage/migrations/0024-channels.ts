import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** The channels (newsletters) a session follows or owns, as WhatsApp last described them. */
export function channelsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('channels')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('invite_code', 'text')
        .addColumn('subscribers', big)
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', big)
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('channels_pk', ['session_id', 'id'])
        .execute();
    },
  };
}
