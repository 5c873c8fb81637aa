import type { Selectable } from 'kysely';
import type { User } from '../../domain/accounts/account-types.js';
import type { Db, UsersTable } from '../database.js';

export const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  kind: r.kind,
  platformRole: r.platform_role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  disabledAt: r.disabled_at,
});

export class UsersRepo {
  constructor(private readonly db: Db) {}

  async insert(u: User, passwordHash: string | null): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        password_hash: passwordHash,
        kind: u.kind,
        platform_role: u.platformRole,
        created_at: u.createdAt,
        updated_at: u.updatedAt,
        disabled_at: u.disabledAt,
      })
      .execute();
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** With its password hash, for logins. `email` must be normalised. */
  async findByEmail(email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async passwordHash(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async setPassword(id: string, passwordHash: string, at: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async setName(id: string, name: string, at: number): Promise<void> {
    await this.db.updateTable('users').set({ name, updated_at: at }).where('id', '=', id).execute();
  }

  /** Every user, by id (the platform admin's listing). */
  async list(limit: number, startingAfter?: string): Promise<User[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('id').limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    return (await q.execute()).map(toUser);
  }
}
