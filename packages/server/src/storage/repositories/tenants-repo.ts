import type { Selectable } from 'kysely';
import type { Tenant } from '../../domain/types.js';
import type { Db, TenantsTable } from '../database.js';

const toTenant = (r: Selectable<TenantsTable>): Tenant => ({
  id: r.id,
  name: r.name,
  isAdmin: r.is_admin === 1,
  createdAt: r.created_at,
  status: r.status === 'suspended' ? 'suspended' : 'active',
  suspendedAt: r.suspended_at,
  suspendedReason: r.suspended_reason,
});

export class TenantsRepo {
  constructor(private readonly db: Db) {}

  async insert(t: Tenant): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({
        id: t.id,
        name: t.name,
        is_admin: t.isAdmin ? 1 : 0,
        created_at: t.createdAt,
        status: t.status,
        suspended_at: t.suspendedAt,
        suspended_reason: t.suspendedReason,
      })
      .execute();
  }

  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTenant(row);
  }

  async findAdmin(): Promise<Tenant | undefined> {
    const row = await this.db
      .selectFrom('tenants')
      .selectAll()
      .where('is_admin', '=', 1)
      .orderBy('created_at')
      .executeTakeFirst();
    return row && toTenant(row);
  }

  async setStatus(
    id: string,
    status: Tenant['status'],
    at: number | null,
    reason: string | null,
  ): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ status, suspended_at: at, suspended_reason: reason })
      .where('id', '=', id)
      .execute();
  }

  async list(limit: number, startingAfter?: string, status?: Tenant['status']): Promise<Tenant[]> {
    let q = this.db.selectFrom('tenants').selectAll().orderBy('id').limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    if (status) q = q.where('status', '=', status);
    return (await q.execute()).map(toTenant);
  }
}
