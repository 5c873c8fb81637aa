import type { TenantRole } from '../../domain/authorization.js';
import type { Db } from '../database.js';

export interface Membership {
  tenantId: string;
  userId: string;
  role: TenantRole;
  createdAt: number;
}

export class MembershipsRepo {
  constructor(private readonly db: Db) {}

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
}
