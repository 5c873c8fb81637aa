import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Contact identities: WhatsApp addresses people by LID (an opaque id) and by phone number; this
 * per-session table joins the two. Messages carry the LID of each side next to the phone number.
 */
export function contactsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('contacts')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('lid', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('contacts_pk', ['session_id', 'lid'])
        .execute();
      await db.schema.createIndex('contacts_phone').on('contacts').columns(['session_id', 'phone']).execute();
      await db.schema.alterTable('messages').addColumn('to_lid', 'text').execute();
      await db.schema.alterTable('messages').addColumn('from_lid', 'text').execute();
    },
  };
}
