import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { ApiKeysService } from './api-keys-service.js';
import { authorize, type Principal } from './authorization.js';
import type { TenantLifecycle } from './tenant-lifecycle.js';
import type { Page, PageParams, Tenant } from './types.js';

export class TenantsService {
  constructor(
    private readonly storage: Storage,
    private readonly apiKeys: ApiKeysService,
    private readonly lifecycle: TenantLifecycle,
  ) {}

  /**
   * Creates the admin tenant and its first key when the database has none. Idempotent: on an
   * initialised database it creates nothing and returns no key. Safe when several servers start on
   * one fresh database at once: a unique index admits one admin tenant (migration 0004), and the
   * losers of that race answer like an initialised database.
   */
  async initAdmin(): Promise<{ created: boolean; tenantId: string; apiKey?: string }> {
    try {
      return await this.storage.transaction(async (tx) => {
        const existing = await tx.tenants.findAdmin();
        if (existing) return { created: false, tenantId: existing.id };
        const tenant: Tenant = {
          id: newId('ten'),
          name: 'admin',
          isAdmin: true,
          createdAt: Date.now(),
          status: 'active',
          suspendedAt: null,
          suspendedReason: null,
        };
        await tx.tenants.insert(tenant);
        const { key } = await this.apiKeys.createFor(tx, tenant.id, { name: 'admin', mode: 'live' });
        return { created: true, tenantId: tenant.id, apiKey: key };
      });
    } catch (error) {
      // Another server won (a unique violation on Postgres; on SQLite a busy or stale write lock):
      // if an admin exists now, it is theirs and ours was rolled back.
      const winner = await this.storage.tenants.findAdmin().catch(() => undefined);
      if (!winner) throw error;
      return { created: false, tenantId: winner.id };
    }
  }

  async create(principal: Principal, name: string): Promise<Tenant> {
    authorize(principal, 'platform:manage');
    return this.storage.transaction((tx) => this.createIn(tx, name));
  }

  /** Creates a tenant inside `tx` (self-service registration uses this), with its listeners. */
  async createIn(tx: Storage, name: string): Promise<Tenant> {
    const tenant: Tenant = {
      id: newId('ten'),
      name,
      isAdmin: false,
      createdAt: Date.now(),
      status: 'active',
      suspendedAt: null,
      suspendedReason: null,
    };
    await tx.tenants.insert(tenant);
    await this.lifecycle.created(tx, tenant);
    return tenant;
  }

  async list(principal: Principal, page: PageParams): Promise<Page<Tenant>> {
    if (!principal.platformAdmin) return { data: [principal.tenant], hasMore: false };
    const rows = await this.storage.tenants.list(page.limit + 1, page.startingAfter);
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  async get(principal: Principal, id: string): Promise<Tenant> {
    authorize(principal, 'account', { tenantId: id });
    const tenant = await this.storage.tenants.get(id);
    if (!tenant) throw new AppError('TENANT_NOT_FOUND');
    return tenant;
  }
}
