import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Message templates: a body with `{{placeholders}}`, rendered with variables when it is sent. Names
 * are unique per tenant and mode, so a test key's `welcome` is not a live key's `welcome`.
 */
export function templatesMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('templates_tenant_name')
        .on('templates')
        .columns(['tenant_id', 'mode', 'name'])
        .unique()
        .execute();
      await db.schema.createIndex('templates_tenant').on('templates').columns(['tenant_id', 'id']).execute();
    },
  };
}
