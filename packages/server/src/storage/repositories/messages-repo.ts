import type { Message, MessageBody, MessageStatus } from '../../domain/types.js';
import type { Db, MessagesTable } from '../database.js';
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

export class MessagesRepo {
  constructor(private readonly db: Db) {}

  async insert(m: Message, idempotencyKey: string | null): Promise<void> {
    await this.db
      .insertInto('messages')
      .values({
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
      })
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
    const row = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMessage(row);
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
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('wa_message_id', '=', waMessageId)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  /** Newest first, like every message list people read. */
  async list(tenantId: string, sessionId: string, limit: number, startingAfter?: string): Promise<Message[]> {
    let q = this.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .orderBy('id', 'desc')
      .limit(limit);
    if (startingAfter) q = q.where('id', '<', startingAfter);
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
    let q = this.db
      .updateTable('messages')
      .set({
        status: patch.status,
        updated_at: at,
        ...(patch.sentAt !== undefined && { sent_at: patch.sentAt }),
        ...(patch.deliveredAt !== undefined && { delivered_at: patch.deliveredAt }),
        ...(patch.readAt !== undefined && { read_at: patch.readAt }),
        ...(patch.failedAt !== undefined && { failed_at: patch.failedAt }),
        ...(patch.toLid !== undefined && { to_lid: patch.toLid }),
        ...(patch.fromLid !== undefined && { from_lid: patch.fromLid }),
        ...(patch.error !== undefined && {
          error_code: patch.error.code,
          error_message: patch.error.message,
        }),
      })
      .where('id', '=', id);
    if (expected !== undefined) q = q.where('status', '=', expected);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
