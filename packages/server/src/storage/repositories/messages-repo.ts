import { sql } from 'kysely';
import { isTargeted, textOf } from '../../domain/message-body.js';
import type { Message, MessageBody, MessageStatus } from '../../domain/types.js';
import type { Db, DialectName, MessagesTable } from '../database.js';
import { PreparedInsert, PreparedQuery } from '../prepared-query.js';
import { IDEMPOTENCY_RETENTION_MS } from './idempotency-repo.js';

const toMessage = (r: MessagesTable): Message => ({
  id: r.id,
  tenantId: r.tenant_id,
  sessionId: r.session_id,
  direction: r.direction,
  type: r.type as MessageBody['type'],
  to: r.to_phone,
  from: r.from_phone,
  toLid: r.to_lid,
  fromLid: r.from_lid,
  body: JSON.parse(r.body) as MessageBody,
  status: r.status as MessageStatus,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  waMessageId: r.wa_message_id,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  deliveredAt: r.delivered_at,
  readAt: r.read_at,
  failedAt: r.failed_at,
  editedAt: r.edited_at ?? null,
  revokedAt: r.revoked_at ?? null,
  sendAt: r.send_at ?? null,
  cancelledAt: r.cancelled_at ?? null,
});

export interface MessageStatusPatch {
  status: MessageStatus;
  sentAt?: number;
  deliveredAt?: number;
  readAt?: number;
  failedAt?: number;
  error?: { code: string; message: string };
  /** Filled in once the recipient's LID is known. */
  toLid?: string;
  /** Filled in once the sender's (the session's own) LID is known. */
  fromLid?: string;
}

const messageById = new PreparedQuery((db, id: string) =>
  db.selectFrom('messages').selectAll().where('id', '=', id),
);
const messageByWaId = new PreparedQuery((db, sessionId: string, waMessageId: string) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('wa_message_id', '=', waMessageId),
);
const insertMessage = new PreparedInsert('messages', [
  'id',
  'tenant_id',
  'session_id',
  'direction',
  'type',
  'to_phone',
  'from_phone',
  'to_lid',
  'from_lid',
  'body',
  'status',
  'error_code',
  'error_message',
  'wa_message_id',
  'idempotency_key',
  'created_at',
  'updated_at',
  'sent_at',
  'delivered_at',
  'read_at',
  'failed_at',
  'search_text',
  'edited_at',
  'revoked_at',
  'send_at',
  'cancelled_at',
]);

const statusUpdates = new Map<string, PreparedQuery<unknown[], unknown>>();

/** The status update for one combination of changed columns (a handful occur), prepared once. */
function statusUpdate(columns: readonly string[], withExpected: boolean): PreparedQuery<unknown[], unknown> {
  const key = `${columns.join(',')}|${withExpected}`;
  let query = statusUpdates.get(key);
  if (!query) {
    query = new PreparedQuery((db, id, status, at, ...rest: unknown[]) => {
      const set: Record<string, unknown> = { status, updated_at: at };
      for (const [i, column] of columns.entries()) set[column] = rest[i];
      const update = db
        .updateTable('messages')
        .set(set as never)
        .where('id', '=', id as string);
      return withExpected ? update.where('status', '=', rest[columns.length] as string) : update;
    });
    statusUpdates.set(key, query);
  }
  return query;
}

/** What a message list can be narrowed to (all given conditions hold). */
export interface MessageFilter {
  direction?: 'inbound' | 'outbound' | undefined;
  type?: string | undefined;
  status?: string | undefined;
  /** The other party's phone (E.164): the recipient of outbound, the sender of inbound messages. */
  chat?: string | undefined;
  /** `created_at` in [from, to). */
  from?: number | undefined;
  to?: number | undefined;
  /** Words that must all be in the message's text or caption (case-insensitive). */
  search?: readonly string[] | undefined;
  /** Default newest first; `oldest` pages forward (`startingAfter` is then the last, older id). */
  order?: 'newest' | 'oldest' | undefined;
}

/**
 * The searchable words of a message body: its text or caption, a poll's question and options, a
 * place's name and address, a contact card's names (a reaction has none).
 */
export function searchTextOf(body: Message['body']): string | null {
  // Reactions, edits (their words are searched in the edited message), revokes and votes.
  if (isTargeted(body)) return null;
  if (body.type === 'poll') return [body.question, ...body.options].join(' ');
  return textOf(body);
}

/** An FTS5 query where each word is a quoted string: no user input is read as FTS5 syntax. */
const ftsQuery = (words: readonly string[]) => words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');

export class MessagesRepo {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  async insert(m: Message, idempotencyKey: string | null): Promise<void> {
    await insertMessage.execute(this.db, {
      id: m.id,
      tenant_id: m.tenantId,
      session_id: m.sessionId,
      direction: m.direction,
      type: m.type,
      to_phone: m.to,
      from_phone: m.from,
      to_lid: m.toLid,
      from_lid: m.fromLid,
      body: JSON.stringify(m.body),
      status: m.status,
      error_code: m.error?.code ?? null,
      error_message: m.error?.message ?? null,
      wa_message_id: m.waMessageId,
      idempotency_key: idempotencyKey,
      created_at: m.createdAt,
      updated_at: m.createdAt,
      sent_at: m.sentAt,
      delivered_at: m.deliveredAt,
      read_at: m.readAt,
      failed_at: m.failedAt,
      search_text: searchTextOf(m.body),
      edited_at: m.editedAt ?? null,
      revoked_at: m.revokedAt ?? null,
      send_at: m.sendAt ?? null,
      cancelled_at: m.cancelledAt ?? null,
    });
  }

  /** Scheduled messages whose time has come (`send_at` ≤ `now`), the earliest first. */
  async listDueScheduled(now: number, limit: number): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('send_at', '<=', now)
      .orderBy('send_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }

  /** When the next scheduled message is due, if any is waiting. */
  async nextScheduledAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.min('send_at').as('at'))
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return row?.at == null ? undefined : Number(row.at);
  }

  /** A session's scheduled messages (a logout or delete fails them). */
  async listScheduledOfSession(sessionId: string): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('status', '=', 'scheduled')
      .execute();
    return rows.map(toMessage);
  }

  /** Cancels a message still in status `expected`; true when it was. */
  async markCancelled(id: string, expected: MessageStatus, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('messages')
      .set({ status: 'cancelled', cancelled_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** An edit: the message's new body (its text or caption changed) and when; searched by its new words. */
  async applyEdit(id: string, body: MessageBody, at: number): Promise<void> {
    await this.db
      .updateTable('messages')
      .set({ body: JSON.stringify(body), search_text: searchTextOf(body), edited_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** Deleted for everyone at `at` (the first time counts). */
  async markRevoked(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('messages')
      .set({ revoked_at: at, updated_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async get(tenantId: string, id: string): Promise<Message | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  async getById(id: string): Promise<Message | undefined> {
    const row = await messageById.first(this.db, id);
    return row && toMessage(row);
  }

  /** The messages with these ids, by id (missing ids are absent). */
  async getByIds(ids: readonly string[]): Promise<Map<string, Message>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, toMessage(r)]));
  }

  /**
   * The message accepted with this Idempotency-Key within the idempotency window
   * (`IDEMPOTENCY_RETENTION_MS`, the window of the HTTP record). A key older than that is released
   * (cleared from its message, whose unique index would otherwise refuse the key's next message),
   * so after the window a key is new at both levels.
   */
  async findByIdempotencyKey(tenantId: string, key: string, now = Date.now()): Promise<Message | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.created_at >= now - IDEMPOTENCY_RETENTION_MS) return toMessage(row);
    await this.db
      .updateTable('messages')
      .set({ idempotency_key: null })
      .where('id', '=', row.id)
      .where('idempotency_key', '=', key)
      .execute();
    return undefined;
  }

  async findByWaId(sessionId: string, waMessageId: string): Promise<Message | undefined> {
    const row = await messageByWaId.first(this.db, sessionId, waMessageId);
    return row && toMessage(row);
  }

  /** Newest first, like every message list people read (or oldest first); narrowed by `filter`. */
  async list(
    tenantId: string,
    sessionId: string,
    limit: number,
    startingAfter?: string,
    filter: MessageFilter = {},
  ): Promise<Message[]> {
    let q = this.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .orderBy('id', filter.order === 'oldest' ? 'asc' : 'desc')
      .limit(limit);
    if (startingAfter) q = q.where('id', filter.order === 'oldest' ? '>' : '<', startingAfter);
    if (filter.direction) q = q.where('direction', '=', filter.direction);
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.from !== undefined) q = q.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('created_at', '<', filter.to);
    const chat = filter.chat;
    if (chat?.endsWith('@g.us') || chat?.endsWith('@newsletter')) {
      // A group's chat: every message sent to the group, by the session or by its members.
      q = q.where('to_phone', '=', chat);
    } else if (chat) {
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('direction', '=', 'outbound'), eb('to_phone', '=', chat)]),
          eb.and([eb('direction', '=', 'inbound'), eb('from_phone', '=', chat)]),
        ]),
      );
    }
    if (filter.search) {
      const words = filter.search;
      q =
        this.dialect === 'postgres'
          ? q.where(sql<boolean>`search_tsv @@ plainto_tsquery('simple', ${words.join(' ')})`)
          : q.where(
              sql<boolean>`rowid in (select rowid from messages_fts where messages_fts match ${ftsQuery(words)})`,
            );
    }
    return (await q.execute()).map(toMessage);
  }

  /**
   * Changes a message's status, only if it is still `expected` (when given): the update is the
   * check, so two writers racing to move one message (a logout failing its queue while the engine
   * reports it sent) cannot both succeed. True when the row changed.
   */
  async updateStatus(
    id: string,
    patch: MessageStatusPatch,
    at: number,
    expected?: MessageStatus,
  ): Promise<boolean> {
    const set: Array<[string, unknown]> = [];
    if (patch.sentAt !== undefined) set.push(['sent_at', patch.sentAt]);
    if (patch.deliveredAt !== undefined) set.push(['delivered_at', patch.deliveredAt]);
    if (patch.readAt !== undefined) set.push(['read_at', patch.readAt]);
    if (patch.failedAt !== undefined) set.push(['failed_at', patch.failedAt]);
    if (patch.toLid !== undefined) set.push(['to_lid', patch.toLid]);
    if (patch.fromLid !== undefined) set.push(['from_lid', patch.fromLid]);
    if (patch.error !== undefined)
      set.push(['error_code', patch.error.code], ['error_message', patch.error.message]);
    const query = statusUpdate(
      set.map(([column]) => column),
      expected !== undefined,
    );
    const values = set.map(([, value]) => value);
    return (
      (await query.affected(
        this.db,
        id,
        patch.status,
        at,
        ...values,
        ...(expected === undefined ? [] : [expected]),
      )) > 0
    );
  }
}
