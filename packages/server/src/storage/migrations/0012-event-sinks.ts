import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The event sinks' outbox: one row per (sink, event), written in the event's own transaction (as
 * webhook deliveries are), removed once the broker has acknowledged the message. A row that
 * exists is an event the sink still owes; a claim (`locked_by`, `locked_until`) that expires is
 * picked up again, so a crash loses nothing.
 */
export function eventSinksMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sink_outbox')
        .addColumn('sink', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', big, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('sink_outbox_pk', ['sink', 'event_id'])
        .execute();
      await db.schema
        .createIndex('sink_outbox_due')
        .on('sink_outbox')
        .columns(['sink', 'next_attempt_at'])
        .execute();
    },
  };
}
