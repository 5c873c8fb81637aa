import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

/** A session's known contact identities: one row per LID with its phone number. */
const lidOfPhone = new PreparedQuery((db, sessionId: string, phone: string) =>
  db.selectFrom('contacts').select('lid').where('session_id', '=', sessionId).where('phone', '=', phone),
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
