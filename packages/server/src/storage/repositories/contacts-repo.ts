import { sql } from 'kysely';
import {
  CONTACT_FIELDS,
  type Contact,
  type ContactChange,
  type ContactFacts,
} from '../../domain/contact-types.js';
import type { ContactsTable, Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

/**
 * A session's contacts: one row per person, by LID and phone number (each unique per session,
 * either may be unknown), with a name and whether this account blocked it.
 */
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

type Row = Omit<ContactsTable, 'blocked'> & { blocked: number };

const toContact = (r: Row): Contact => ({
  sessionId: r.session_id,
  phone: r.phone,
  lid: r.lid,
  name: r.name,
  blocked: Number(r.blocked) === 1,
  updatedAt: Number(r.updated_at),
});

/** The sort key of contacts (and their cursor): the phone number, else the LID. */
const key = sql<string>`coalesce(c.phone, c.lid)`;

export class ContactsRepo {
  constructor(private readonly db: Db) {}

  /** Records that `lid` is `phone`; a phone number now held by another LID moves to this one. */
  async upsert(sessionId: string, lid: string, phone: string, at: number): Promise<void> {
    await this.learn(sessionId, { lid, phone }, at);
  }

  /**
   * Merges what is now known about a contact into its row (found by LID, else phone), creating it
   * when new. A phone number held by another LID moves to this one; a row that knew only the phone
   * is merged into the LID's. Answers each contact that changed, with what changed. Call it in a
   * transaction: it reads before it writes.
   */
  async learn(sessionId: string, facts: ContactFacts, at: number): Promise<ContactChange[]> {
    const byLid = facts.lid ? await this.#row(sessionId, 'lid', facts.lid) : undefined;
    const byPhone = facts.phone ? await this.#row(sessionId, 'phone', facts.phone) : undefined;
    const changes: ContactChange[] = [];
    let target = facts.lid ? byLid : byPhone;
    let merged: Contact | undefined;
    if (facts.lid && byPhone && byPhone.lid !== facts.lid) {
      if (byPhone.lid === null) {
        // Known by its phone only until now: that row is this contact.
        if (byLid) {
          merged = byPhone;
          await this.#delete(sessionId, byPhone);
        } else target = byPhone;
      } else {
        // The number moved to another LID: the old one keeps its row without it.
        await this.#write(sessionId, byPhone, { phone: null }, at);
        changes.push({ contact: { ...byPhone, phone: null, updatedAt: at }, changed: ['phone'] });
      }
    }
    const next: Contact = {
      sessionId,
      phone: facts.phone ?? target?.phone ?? null,
      lid: facts.lid ?? target?.lid ?? null,
      name: facts.name ?? target?.name ?? merged?.name ?? null,
      blocked: facts.blocked ?? (target?.blocked || merged?.blocked || false),
      updatedAt: at,
    };
    const changed = CONTACT_FIELDS.filter((f) =>
      target ? target[f] !== next[f] : next[f] !== null && next[f] !== false,
    );
    if (changed.length === 0) return changes;
    if (target) await this.#write(sessionId, target, next, at);
    else {
      await this.db
        .insertInto('contacts')
        .values({
          session_id: sessionId,
          lid: next.lid,
          phone: next.phone,
          name: next.name,
          blocked: next.blocked ? 1 : 0,
          updated_at: at,
        })
        .execute();
    }
    changes.push({ contact: next, changed });
    return changes;
  }

  /** A contact of a session of `tenantId`, by its phone number or LID. */
  async get(
    tenantId: string,
    sessionId: string,
    by: 'phone' | 'lid',
    value: string,
  ): Promise<Contact | undefined> {
    const row = await this.#ofTenant(tenantId, sessionId).where(`c.${by}`, '=', value).executeTakeFirst();
    return row && toContact(row);
  }

  /**
   * Contacts by phone number (then LID), after the contact `after` (its id); `q` finds a part of
   * the phone number or of the name (any case).
   */
  async list(
    tenantId: string,
    sessionId: string,
    options: { limit: number; after?: string | undefined; q?: string | undefined },
  ): Promise<Contact[]> {
    let query = this.#ofTenant(tenantId, sessionId);
    if (options.after !== undefined) query = query.where(key, '>', options.after);
    if (options.q) {
      const like = `%${options.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('c.phone', 'like', sql<string>`${like} escape '\\'`),
          eb(eb.fn('lower', ['c.name']), 'like', sql<string>`${like} escape '\\'`),
        ]),
      );
    }
    const rows = await query.orderBy(key).limit(options.limit).execute();
    return rows.map(toContact);
  }

  /** The session's contacts stored as blocked. */
  async blocked(sessionId: string): Promise<Contact[]> {
    const rows = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('blocked', '=', 1)
      .execute();
    return rows.map(toContact);
  }

  /** The LID ↔ phone mappings of a session of `tenantId`, by LID, after the LID `after`. */
  async mappings(
    tenantId: string,
    sessionId: string,
    limit: number,
    after?: string,
  ): Promise<Array<{ lid: string; phone: string }>> {
    let query = this.#ofTenant(tenantId, sessionId)
      .where('c.lid', 'is not', null)
      .where('c.phone', 'is not', null);
    if (after !== undefined) query = query.where('c.lid', '>', after);
    const rows = await query.orderBy('c.lid').limit(limit).execute();
    return rows.map((r) => ({ lid: r.lid as string, phone: r.phone as string }));
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
      phone === null ? undefined : (rows.find((r) => r.phone === phone)?.lid ?? undefined);
    return [lidOf(a), lidOf(b)];
  }

  async lidForPhone(sessionId: string, phone: string): Promise<string | undefined> {
    return (await lidOfPhone.first(this.db, sessionId, phone))?.lid ?? undefined;
  }

  async phoneForLid(sessionId: string, lid: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('contacts')
      .select('phone')
      .where('session_id', '=', sessionId)
      .where('lid', '=', lid)
      .executeTakeFirst();
    return row?.phone ?? undefined;
  }

  #ofTenant(tenantId: string, sessionId: string) {
    return this.db
      .selectFrom('contacts as c')
      .innerJoin('sessions as s', 's.id', 'c.session_id')
      .selectAll('c')
      .where('s.tenant_id', '=', tenantId)
      .where('c.session_id', '=', sessionId);
  }

  async #row(sessionId: string, by: 'phone' | 'lid', value: string): Promise<Contact | undefined> {
    const row = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where(by, '=', value)
      .executeTakeFirst();
    return row && toContact(row);
  }

  /** The row of `current` (by its LID, else its phone) gets `patch`. */
  async #write(sessionId: string, current: Contact, patch: Partial<Contact>, at: number): Promise<void> {
    let q = this.db
      .updateTable('contacts')
      .set({
        ...(patch.lid !== undefined && { lid: patch.lid }),
        ...(patch.phone !== undefined && { phone: patch.phone }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.blocked !== undefined && { blocked: patch.blocked ? 1 : 0 }),
        updated_at: at,
      })
      .where('session_id', '=', sessionId);
    q = current.lid ? q.where('lid', '=', current.lid) : q.where('phone', '=', current.phone);
    await q.execute();
  }

  async #delete(sessionId: string, current: Contact): Promise<void> {
    let q = this.db.deleteFrom('contacts').where('session_id', '=', sessionId);
    q = current.lid ? q.where('lid', '=', current.lid) : q.where('phone', '=', current.phone);
    await q.execute();
  }
}
