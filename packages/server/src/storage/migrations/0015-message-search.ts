import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Full-text search of messages. `search_text` holds a message's searchable words (its text or
 * caption), written with the message. SQLite indexes it in an FTS5 table kept in step by
 * triggers; Postgres in a generated `tsvector` with a GIN index. Both use the `simple`
 * (language-neutral, no stemming) tokenizing, since a tenant's chats are in any language.
 */
export function messageSearchMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('messages').addColumn('search_text', 'text').execute();
      if (dialect === 'postgres') {
        await sql`update messages set search_text = body::json->>'text'`.execute(db);
        await sql`alter table messages add column search_tsv tsvector generated always as (to_tsvector('simple', coalesce(search_text, ''))) stored`.execute(
          db,
        );
        await sql`create index messages_search on messages using gin (search_tsv)`.execute(db);
        return;
      }
      await sql`update messages set search_text = json_extract(body, '$.text')`.execute(db);
      await sql`create virtual table messages_fts using fts5(search_text, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
        db,
      );
      await sql`create trigger messages_fts_insert after insert on messages begin
        insert into messages_fts(rowid, search_text) values (new.rowid, new.search_text);
      end`.execute(db);
      await sql`create trigger messages_fts_delete after delete on messages begin
        insert into messages_fts(messages_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
      end`.execute(db);
      await sql`create trigger messages_fts_update after update of search_text on messages begin
        insert into messages_fts(messages_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
        insert into messages_fts(rowid, search_text) values (new.rowid, new.search_text);
      end`.execute(db);
      await sql`insert into messages_fts(messages_fts) values ('rebuild')`.execute(db);
    },
  };
}
