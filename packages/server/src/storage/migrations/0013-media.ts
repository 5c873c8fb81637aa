import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Media files a tenant uploaded (or, later, fetched by URL or received): what they are and where
 * their bytes are in the media store. The bytes themselves are never in the database.
 */
export function mediaMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('media')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', big, (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('media_tenant').on('media').columns(['tenant_id', 'id']).execute();
    },
  };
}
