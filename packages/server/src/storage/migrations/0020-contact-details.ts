import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Contacts become more than LID ↔ phone mappings: a name (the push name a contact sent, or the
 * name WhatsApp gave for it) and whether this account blocked it. A contact can now be known by its
 * phone alone (a blocked number whose LID is unknown) or by its LID alone, so the table is rebuilt
 * with both identities nullable and each unique per session. Its rows are copied as they are.
 */
export function contactDetailsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('contacts_v2')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('lid', 'text')
        .addColumn('phone', 'text')
        .addColumn('name', 'text')
        .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await sql`insert into contacts_v2 (session_id, lid, phone, blocked, updated_at) select session_id, lid, phone, 0, updated_at from contacts`.execute(
        db,
      );
      await db.schema.dropTable('contacts').execute();
      await db.schema.alterTable('contacts_v2').renameTo('contacts').execute();
      await db.schema
        .createIndex('contacts_by_lid')
        .unique()
        .on('contacts')
        .columns(['session_id', 'lid'])
        .execute();
      await db.schema
        .createIndex('contacts_by_phone')
        .unique()
        .on('contacts')
        .columns(['session_id', 'phone'])
        .execute();
    },
  };
}
