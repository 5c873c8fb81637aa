import { sql } from 'kysely';
import type { Db } from '../database.js';

/** A chat of a session: the other party, its newest message's id, and its unread inbound count. */
export interface ChatRow {
  peer: string;
  lastMessageId: string;
  unread: number;
}

/**
 * Chats, derived from the messages (the other party: the recipient of outbound, the sender of
 * inbound messages; phone, else LID) and how far each was read.
 */
export class ChatsRepo {
  constructor(private readonly db: Db) {}

  /** One chat, if it has any message. */
  async one(tenantId: string, sessionId: string, peer: string): Promise<ChatRow | undefined> {
    return (await this.list(tenantId, sessionId, 1, undefined, peer))[0];
  }

  /** Newest activity first; `before`: only chats whose newest message is older than that id. */
  async list(
    tenantId: string,
    sessionId: string,
    limit: number,
    before?: string,
    onlyPeer?: string,
  ): Promise<ChatRow[]> {
    const peer = sql<string>`case when m.direction = 'outbound' then coalesce(m.to_phone, m.to_lid) else coalesce(m.from_phone, m.from_lid) end`;
    const chats = this.db
      .selectFrom('messages as m')
      .select([peer.as('peer'), 'm.id', 'm.direction'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.session_id', '=', sessionId)
      .as('c');
    let q = this.db
      .selectFrom(chats)
      .leftJoin('chat_reads as r', (j) => j.on('r.session_id', '=', sessionId).onRef('r.peer', '=', 'c.peer'))
      .select((eb) => [
        'c.peer',
        eb.fn.max('c.id').as('last_id'),
        eb.fn
          .countAll<string | number>()
          .filterWhere((f) =>
            f.and([
              f('c.direction', '=', 'inbound'),
              f('c.id', '>', f.fn.coalesce('r.read_until', sql.lit(''))),
            ]),
          )
          .as('unread'),
      ])
      .where('c.peer', 'is not', null)
      .$if(onlyPeer !== undefined, (qb) => qb.where('c.peer', '=', onlyPeer as string))
      .groupBy('c.peer')
      .orderBy('last_id', 'desc')
      .limit(limit);
    if (before) q = q.having((eb) => eb(eb.fn.max('c.id'), '<', before));
    return (await q.execute()).map((r) => ({
      peer: r.peer,
      lastMessageId: String(r.last_id),
      unread: Number(r.unread),
    }));
  }

  /** The newest inbound message of a chat, if any. */
  async lastInbound(tenantId: string, sessionId: string, peer: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .where('direction', '=', 'inbound')
      .where((eb) => eb.or([eb('from_phone', '=', peer), eb('from_lid', '=', peer)]))
      .executeTakeFirst();
    return row?.id ?? undefined;
  }

  /**
   * The WhatsApp ids of a chat's inbound messages after its read marker, oldest first, at most
   * `limit` (the read receipts a "mark read" owes).
   */
  async unreadInbound(sessionId: string, peer: string, limit: number): Promise<string[]> {
    const marker = await this.db
      .selectFrom('chat_reads')
      .select('read_until')
      .where('session_id', '=', sessionId)
      .where('peer', '=', peer)
      .executeTakeFirst();
    const rows = await this.db
      .selectFrom('messages')
      .select('wa_message_id')
      .where('session_id', '=', sessionId)
      .where('direction', '=', 'inbound')
      .where((eb) => eb.or([eb('from_phone', '=', peer), eb('from_lid', '=', peer)]))
      .where('id', '>', marker?.read_until ?? '')
      .where('wa_message_id', 'is not', null)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.flatMap((r) => (r.wa_message_id ? [r.wa_message_id] : [])).reverse();
  }

  /** The chat is read up to `messageId` (never moves back). */
  async markRead(sessionId: string, peer: string, messageId: string, now: number): Promise<void> {
    await this.db
      .insertInto('chat_reads')
      .values({ session_id: sessionId, peer, read_until: messageId, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['session_id', 'peer'])
          .doUpdateSet({ read_until: messageId, updated_at: now })
          .where('chat_reads.read_until', '<', messageId),
      )
      .execute();
  }
}
