import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Broadcasts: one message to many recipients, queued at a pace. A recipient row gets its
 * `message_id` in the transaction that accepts its message, so each recipient has at most one
 * message whatever crashes; `next_at` is when the broadcast may queue its next recipient (the
 * conditional update of it is what lets one server at a time do so).
 */
export function broadcastsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('broadcasts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
        .addColumn('name', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('template_id', 'text')
        .addColumn('per_minute', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('next_at', big, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('started_at', big)
        .addColumn('finished_at', big)
        .execute();
      await db.schema
        .createIndex('broadcasts_tenant')
        .on('broadcasts')
        .columns(['tenant_id', 'mode', 'id'])
        .execute();
      await db.schema.createIndex('broadcasts_due').on('broadcasts').columns(['status', 'next_at']).execute();
      await db.schema
        .createTable('broadcast_recipients')
        .addColumn('broadcast_id', 'text', (c) => c.notNull().references('broadcasts.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('to_phone', 'text', (c) => c.notNull())
        .addColumn('variables', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addPrimaryKeyConstraint('broadcast_recipients_pk', ['broadcast_id', 'position'])
        .execute();
      await db.schema
        .createIndex('broadcast_recipients_state')
        .on('broadcast_recipients')
        .columns(['broadcast_id', 'state', 'position'])
        .execute();
    },
  };
}
