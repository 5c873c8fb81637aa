import type { Tenant } from '../../domain/types.js';
import type { Db, TenantsTable } from '../database.js';

const toTenant = (r: TenantsTable): Tenant => ({
  id: r.id,
  name: r.name,
  isAdmin: r.is_admin === 1,
  createdAt: r.created_at,
});

export class TenantsRepo {
  constructor(private readonly db: Db) {}

  async insert(t: Tenant): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({ id: t.id, name: t.name, is_admin: t.isAdmin ? 1 : 0, created_at: t.createdAt })
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

  async list(limit: number, startingAfter?: string): Promise<Tenant[]> {
    let q = this.db.selectFrom('tenants').selectAll().orderBy('id').limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    return (await q.execute()).map(toTenant);
  }
}
