import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Per-session sending safety. `session_pacing`: a session's own pace (absent: the server's default
 * for its engine) and WhatsApp's reach-out hold (`held_until`, set on a 463). `known_chats`: the
 * numbers a session has a chat with — one it wrote to first (`opened_by = 'session'`, counted for
 * the new-chat cap) or one that wrote first — backfilled from the messages already stored.
 */
export function pacingMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('session_pacing')
        .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
        .addColumn('per_minute', 'integer')
        .addColumn('new_chats_per_hour', 'integer')
        .addColumn('custom', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('held_until', big)
        .addColumn('hold_reason', 'text')
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('known_chats')
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('first_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('known_chats_pk', ['session_id', 'phone'])
        .execute();
      await db.schema
        .createIndex('known_chats_opened')
        .on('known_chats')
        .columns(['session_id', 'opened_by', 'first_at'])
        .execute();
      await sql`
        insert into known_chats (session_id, phone, opened_by, first_at)
        select session_id, phone, 'session', min(at) from (
          select session_id, to_phone as phone, coalesce(sent_at, created_at) as at from messages
            where direction = 'outbound' and to_phone like '+%' and sent_at is not null
          union all
          select session_id, from_phone as phone, created_at as at from messages
            where direction = 'inbound' and from_phone like '+%'
        ) chats
        group by session_id, phone`.execute(db);
    },
  };
}
