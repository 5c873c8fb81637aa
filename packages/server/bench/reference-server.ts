import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { MESSAGE_RESPONSE_SCHEMA, SEND_BODY_SCHEMA } from './send-schema.js';

export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
}

const SCHEMA = `
create table messages (
  id text primary key, tenant_id text not null, session_id text not null, direction text not null,
  type text not null, to_phone text, from_phone text, to_lid text, from_lid text, body text not null,
  status text not null, error_code text, error_message text, wa_message_id text, idempotency_key text,
  created_at integer not null, updated_at integer not null, sent_at integer, delivered_at integer,
  read_at integer, failed_at integer);
create index messages_session on messages (session_id, id);
create unique index messages_wa_id on messages (session_id, wa_message_id);
create unique index messages_idempotency on messages (tenant_id, idempotency_key);
create table jobs (
  id integer primary key autoincrement, kind text not null, tenant_id text not null, session_id text,
  ref_id text not null, run_at integer not null, attempts integer not null default 0, last_error text,
  created_at integer not null);
create index jobs_session on jobs (kind, session_id, id);`;

/**
 * The reference the send endpoint is measured against: the least a durable accept can do. Fastify,
 * the same body schema and response shape, and one better-sqlite3 transaction per event-loop turn
 * (group commit) inserting the message row and the job row, with the same tables and indexes, WAL
 * and synchronous=FULL; no auth, no idempotency, no events, no ORM.
 */
export async function startReferenceServer(): Promise<ReferenceServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wagw-bench-ref-'));
  const db = new SQLite(join(dir, 'ref.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  const insertMessage = db.prepare(
    `insert into messages (id, tenant_id, session_id, direction, type, to_phone, from_phone, body, status,
       wa_message_id, created_at, updated_at) values (?, 'ten_ref', 'ses_ref', 'outbound', 'text', ?, null, ?, 'queued', ?, ?, ?)`,
  );
  const insertJob = db.prepare(
    `insert into jobs (kind, tenant_id, session_id, ref_id, run_at, created_at)
       values ('message.send', 'ten_ref', 'ses_ref', ?, ?, ?)`,
  );
  type Row = { id: string; to: string; text: string; wa: string; at: number };
  let batch: { row: Row; done: (error?: unknown) => void }[] = [];
  const commit = db.transaction((rows: Row[]) => {
    for (const r of rows) {
      insertMessage.run(r.id, r.to, JSON.stringify({ type: 'text', text: r.text }), r.wa, r.at, r.at);
      insertJob.run(r.id, r.at, r.at);
    }
  });
  const flush = () => {
    const items = batch;
    batch = [];
    try {
      commit(items.map((i) => i.row));
      for (const i of items) i.done();
    } catch (error) {
      for (const i of items) i.done(error);
    }
  };
  const accept = (row: Row) =>
    new Promise<void>((resolve, reject) => {
      batch.push({ row, done: (error) => (error ? reject(error) : resolve()) });
      if (batch.length === 1) setImmediate(flush);
    });

  const app = Fastify();
  app.post<{ Body: { type: 'text'; to: string; text: string } }>(
    '/reference',
    { schema: { body: SEND_BODY_SCHEMA, response: { 202: MESSAGE_RESPONSE_SCHEMA } } },
    async (request, reply) => {
      const at = Date.now();
      const row: Row = {
        id: `msg_${randomBytes(12).toString('hex')}`,
        to: request.body.to,
        text: request.body.text,
        wa: `3EB0${randomBytes(8).toString('hex').toUpperCase()}`,
        at,
      };
      await accept(row);
      const created = new Date(at).toISOString();
      return reply.status(202).send({
        id: row.id,
        session_id: 'ses_ref',
        direction: 'outbound',
        type: 'text',
        to: row.to,
        from: null,
        to_lid: null,
        from_lid: null,
        text: row.text,
        status: 'queued',
        error: null,
        wa_message_id: row.wa,
        created_at: created,
        sent_at: null,
        delivered_at: null,
        read_at: null,
        failed_at: null,
      });
    },
  );
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${address}/reference`,
    async close() {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
