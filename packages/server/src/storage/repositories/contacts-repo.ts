import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

/** A session's known contact identities: one row per LID with its phone number. */
const lidOfPhone = new PreparedQuery((db, sessionId: string, phone: string) =>
  db.selectFrom('contacts').select('lid').where('session_id', '=', sessionId).where('phone', '=', phone),
);

const lidsOfTwoPhones = new PreparedQuery((db, sessionId: string, a: string, b: string) =>
  db
    .selectFrom('contacts')
    .select(['phone', 'lid'])
    .where('session_id', '=', sessionId)
    .where('phone', 'in', [a, b]),
);

export class ContactsRepo {
  constructor(private readonly db: Db) {}

  /** Records that `lid` is `phone`; a phone number now held by another LID moves to this one. */
  async upsert(sessionId: string, lid: string, phone: string, at: number): Promise<void> {
    await this.db
      .deleteFrom('contacts')
      .where('session_id', '=', sessionId)
      .where('phone', '=', phone)
      .where('lid', '!=', lid)
      .execute();
    await this.db
      .insertInto('contacts')
      .values({ session_id: sessionId, lid, phone, updated_at: at })
      .onConflict((oc) => oc.columns(['session_id', 'lid']).doUpdateSet({ phone, updated_at: at }))
      .execute();
  }

  /** The LIDs known for two phone numbers (either may be null), in one query. */
  async lidsForPhones(
    sessionId: string,
    a: string | null,
    b: string | null,
  ): Promise<[string | undefined, string | undefined]> {
    if (a === null && b === null) return [undefined, undefined];
    const rows = await lidsOfTwoPhones.rows(this.db, sessionId, a ?? '', b ?? '');
    const lidOf = (phone: string | null) =>
      phone === null ? undefined : rows.find((r) => r.phone === phone)?.lid;
    return [lidOf(a), lidOf(b)];
  }

  async lidForPhone(sessionId: string, phone: string): Promise<string | undefined> {
    return (await lidOfPhone.first(this.db, sessionId, phone))?.lid;
  }

  async phoneForLid(sessionId: string, lid: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('contacts')
      .select('phone')
      .where('session_id', '=', sessionId)
      .where('lid', '=', lid)
      .executeTakeFirst();
    return row?.phone;
  }
}
