import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { ApiKeysService } from './api-keys-service.js';
import type { AuditLog } from './audit-log.js';
import { authorize, type Principal } from './authorization.js';
import type { Page, PageParams, Tenant } from './types.js';

/**
 * The platform admin's control of tenants: listing by status, suspension and reactivation, and
 * the recovery of the admin key from the database (`wagw admin reset-key`).
 *
 * A suspended tenant's every authenticated request is refused (TENANT_SUSPENDED, by
 * `authorize()`); what already runs is left as it is: its sessions stay connected, queued
 * messages are still sent and their events still delivered, so a reactivation loses nothing.
 */
export class TenantAdminService {
  constructor(
    private readonly storage: Storage,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditLog,
  ) {}

  async list(
    principal: Principal,
    params: PageParams & { status?: Tenant['status'] | undefined },
  ): Promise<Page<Tenant>> {
    authorize(principal, 'platform:manage');
    const rows = await this.storage.tenants.list(params.limit + 1, params.startingAfter, params.status);
    return { data: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }

  async suspend(principal: Principal, tenantId: string, reason: string | null): Promise<Tenant> {
    authorize(principal, 'platform:manage');
    const tenant = await this.storage.transaction(async (tx) => {
      const found = await tx.tenants.get(tenantId);
      if (!found) throw new AppError('TENANT_NOT_FOUND');
      if (found.isAdmin)
        throw new AppError('FORBIDDEN', { message: 'The admin tenant cannot be suspended.' });
      const at = found.status === 'suspended' ? (found.suspendedAt ?? Date.now()) : Date.now();
      await tx.tenants.setStatus(tenantId, 'suspended', at, reason);
      await this.audit.record(tx, principal, {
        action: 'tenant.suspended',
        tenantId,
        target: { type: 'tenant', id: tenantId },
        details: { reason },
      });
      return { ...found, status: 'suspended' as const, suspendedAt: at, suspendedReason: reason };
    });
    this.apiKeys.forgetTenant(tenantId);
    return tenant;
  }

  async reactivate(principal: Principal, tenantId: string): Promise<Tenant> {
    authorize(principal, 'platform:manage');
    const tenant = await this.storage.transaction(async (tx) => {
      const found = await tx.tenants.get(tenantId);
      if (!found) throw new AppError('TENANT_NOT_FOUND');
      if (found.status === 'active') return found;
      await tx.tenants.setStatus(tenantId, 'active', null, null);
      await this.audit.record(tx, principal, {
        action: 'tenant.reactivated',
        tenantId,
        target: { type: 'tenant', id: tenantId },
        details: { suspended_at: found.suspendedAt, reason: found.suspendedReason },
      });
      return { ...found, status: 'active' as const, suspendedAt: null, suspendedReason: null };
    });
    this.apiKeys.forgetTenant(tenantId);
    return tenant;
  }

  /**
   * A new admin key, for an operator with access to the database who lost it (`wagw admin
   * reset-key`). With `revokeOthers`, the admin tenant's other keys are revoked in the same
   * transaction. Audited as `api_key.reset` by the system.
   */
  async resetAdminKey(options: { revokeOthers?: boolean } = {}): Promise<{
    tenantId: string;
    keyId: string;
    key: string;
    revoked: string[];
  }> {
    const result = await this.storage.transaction(async (tx) => {
      const admin = await tx.tenants.findAdmin();
      if (!admin) {
        throw new AppError('TENANT_NOT_FOUND', {
          message: 'This database has no admin tenant yet: run `wagw admin init` first.',
        });
      }
      const { apiKey, key } = await this.apiKeys.createFor(tx, admin.id, {
        name: 'admin (reset)',
        mode: 'live',
      });
      const revoked = options.revokeOthers
        ? await tx.apiKeys.revokeAllExcept(admin.id, apiKey.id, Date.now())
        : [];
      await this.audit.record(tx, null, {
        action: 'api_key.reset',
        tenantId: admin.id,
        target: { type: 'api_key', id: apiKey.id },
        details: { revoked },
      });
      return { tenantId: admin.id, keyId: apiKey.id, key, revoked };
    });
    this.apiKeys.forgetKeys(result.revoked);
    return result;
  }
}
