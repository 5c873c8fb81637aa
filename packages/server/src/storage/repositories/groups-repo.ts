import { type Selectable, sql } from 'kysely';
import type { Group, GroupParticipant } from '../../domain/group-types.js';
import { parseStoredJson } from '../corrupt-row-error.js';
import type { Db, DialectName, GroupsTable } from '../database.js';

const toGroup = (r: Selectable<GroupsTable>): Group => ({
  sessionId: r.session_id,
  id: r.id,
  subject: r.subject,
  description: r.description,
  owner: r.owner_phone || r.owner_lid ? { phone: r.owner_phone, lid: r.owner_lid } : null,
  createdAt: r.created_at === null ? null : Number(r.created_at),
  announce: Boolean(r.announce),
  locked: Boolean(r.locked),
  participants: parseStoredJson<GroupParticipant[]>('groups', r.id, r.participants),
  leftAt: r.left_at === null ? null : Number(r.left_at),
  updatedAt: Number(r.updated_at),
});

/** The groups a session is or was in, by (session, group id). */
export class GroupsRepo {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  async get(sessionId: string, id: string): Promise<Group | undefined> {
    const row = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toGroup(row);
  }

  /**
   * The group, read to be changed: on Postgres the (session, group) pair is locked to the end of
   * the transaction first, so two writers telling of the same change (the API's answer and the
   * engine's notification) are serialised and the second sees the first's row, or its absence.
   * (SQLite has a single writer already.)
   */
  async getForChange(sessionId: string, id: string): Promise<Group | undefined> {
    if (this.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${`wagw-group:${sessionId}:${id}`}))`.execute(this.db);
    }
    return this.get(sessionId, id);
  }

  /** By id after `after`; the groups the session left only with `includeLeft`. */
  async list(
    sessionId: string,
    options: { limit: number; after?: string | undefined; includeLeft?: boolean },
  ): Promise<Group[]> {
    let q = this.db
      .selectFrom('groups')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .limit(options.limit);
    if (options.after !== undefined) q = q.where('id', '>', options.after);
    if (!options.includeLeft) q = q.where('left_at', 'is', null);
    return (await q.execute()).map(toGroup);
  }

  /** Stores the group as it now is (inserted, or every column replaced). */
  async put(group: Group): Promise<void> {
    const row = {
      subject: group.subject,
      description: group.description,
      owner_phone: group.owner?.phone ?? null,
      owner_lid: group.owner?.lid ?? null,
      created_at: group.createdAt,
      announce: group.announce ? 1 : 0,
      locked: group.locked ? 1 : 0,
      participants: JSON.stringify(group.participants),
      left_at: group.leftAt,
      updated_at: group.updatedAt,
    };
    await this.db
      .insertInto('groups')
      .values({ session_id: group.sessionId, id: group.id, ...row })
      .onConflict((oc) => oc.columns(['session_id', 'id']).doUpdateSet(row))
      .execute();
  }
}
