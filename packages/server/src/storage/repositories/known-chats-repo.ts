import type { Db } from '../database.js';

/** The numbers each session has a chat with, and when the session reached out to new ones. */
export class KnownChatsRepo {
  constructor(private readonly db: Db) {}

  /** Notes a chat with `phone` (the first one wins: who opened it stays). */
  async open(sessionId: string, phone: string, openedBy: 'session' | 'contact', at: number): Promise<void> {
    await this.db
      .insertInto('known_chats')
      .values({ session_id: sessionId, phone, opened_by: openedBy, first_at: at })
      .onConflict((oc) => oc.columns(['session_id', 'phone']).doNothing())
      .execute();
  }

  /** Forgets a chat the session opened (WhatsApp refused it as a new chat after all). */
  async forgetOpened(sessionId: string, phone: string): Promise<void> {
    await this.db
      .deleteFrom('known_chats')
      .where('session_id', '=', sessionId)
      .where('phone', '=', phone)
      .where('opened_by', '=', 'session')
      .execute();
  }

  /** Which of `phones` the session has a chat with. */
  async known(sessionId: string, phones: readonly string[]): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('known_chats')
      .select('phone')
      .where('session_id', '=', sessionId)
      .where('phone', 'in', [...new Set(phones)])
      .execute();
    return new Set(rows.map((r) => r.phone));
  }

  /** The chats the session opened since `since`: how many, and when the oldest of them was. */
  async openedSince(sessionId: string, since: number): Promise<{ count: number; oldest: number | null }> {
    const row = await this.db
      .selectFrom('known_chats')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('first_at').as('oldest')])
      .where('session_id', '=', sessionId)
      .where('opened_by', '=', 'session')
      .where('first_at', '>', since)
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldest: row.oldest === null ? null : Number(row.oldest) };
  }

  /** The session's queued sends (jobs of `kind`) to numbers it has no chat with: what a hold holds. */
  async heldCount(sessionId: string, kind: string): Promise<number> {
    const row = await this.db
      .selectFrom('jobs')
      .innerJoin('messages', 'messages.id', 'jobs.ref_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jobs.session_id', '=', sessionId)
      .where('jobs.kind', '=', kind)
      .where('messages.to_phone', 'like', '+%')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('known_chats')
              .select('known_chats.phone')
              .whereRef('known_chats.session_id', '=', 'jobs.session_id')
              .whereRef('known_chats.phone', '=', 'messages.to_phone'),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
