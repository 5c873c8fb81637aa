import type { Member } from '../../domain/accounts/account-types.js';
import type { TenantRole } from '../../domain/authorization.js';
import type { Db, DialectName } from '../database.js';
import { toUser } from './users-repo.js';

export interface Membership {
  tenantId: string;
  userId: string;
  role: TenantRole;
  createdAt: number;
}

export class MembershipsRepo {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  async insert(m: Membership): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({ tenant_id: m.tenantId, user_id: m.userId, role: m.role, created_at: m.createdAt })
      .execute();
  }

  async get(tenantId: string, userId: string): Promise<Membership | undefined> {
    const row = await this.db
      .selectFrom('memberships')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && { tenantId: row.tenant_id, userId: row.user_id, role: row.role, createdAt: row.created_at };
  }

  /** A user's memberships, oldest first. */
  async listByUser(userId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('tenant_id')
      .execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      userId: r.user_id,
      role: r.role,
      createdAt: r.created_at,
    }));
  }

  /** A tenant's members with their users, by user id; `kind` narrows to people or service accounts. */
  async listByTenant(
    tenantId: string,
    page: { limit: number; startingAfter?: string | undefined; kind?: 'person' | 'service' },
  ): Promise<Member[]> {
    let q = this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .selectAll('users')
      .select(['memberships.role', 'memberships.created_at as member_since', 'memberships.tenant_id'])
      .where('memberships.tenant_id', '=', tenantId)
      .orderBy('users.id')
      .limit(page.limit);
    if (page.startingAfter) q = q.where('users.id', '>', page.startingAfter);
    if (page.kind) q = q.where('users.kind', '=', page.kind);
    const rows = await q.execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      user: toUser(r),
      role: r.role,
      createdAt: r.member_since,
    }));
  }

  /**
   * The admins of a tenant. Inside a Postgres transaction their rows are locked, so two concurrent
   * demotions cannot both see "another admin remains" (SQLite has a single writer anyway).
   */
  async adminsForUpdate(tenantId: string): Promise<string[]> {
    let q = this.db
      .selectFrom('memberships')
      .select('user_id')
      .where('tenant_id', '=', tenantId)
      .where('role', '=', 'admin');
    if (this.dialect === 'postgres') q = q.forUpdate();
    return (await q.execute()).map((r) => r.user_id);
  }

  async setRole(tenantId: string, userId: string, role: TenantRole): Promise<void> {
    await this.db
      .updateTable('memberships')
      .set({ role })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  }

  async delete(tenantId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('memberships')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  }
}
