import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions, type Transport } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  AdminAuditLogListParams,
  AdminTenantListParams,
  AuditEntry,
  Tenant,
  TenantSuspendParams,
} from '../types.js';

/** `wagw.admin.tenants`: every tenant, with suspension (platform admin key). */
export class AdminTenants extends APIResource {
  list(params?: AdminTenantListParams, options?: RequestOptions): PagePromise<Tenant> {
    return this.paginate('v1/admin/tenants', params, options);
  }

  /**
   * Refuses the tenant's every request (TENANT_SUSPENDED) until it is reactivated; its running
   * sessions and queued messages are left as they are.
   */
  suspend(id: string, params: TenantSuspendParams = {}, options?: RequestOptions): Promise<Tenant> {
    return this.transport.request(
      { method: 'POST', path: path`v1/admin/tenants/${id}/suspend`, body: params },
      options,
    );
  }

  reactivate(id: string, options?: RequestOptions): Promise<Tenant> {
    return this.transport.request(
      { method: 'POST', path: path`v1/admin/tenants/${id}/reactivate`, body: {} },
      options,
    );
  }
}

/** `wagw.admin.auditLog`: every tenant's audit log, newest first (platform admin key). */
export class AdminAuditLog extends APIResource {
  list(params?: AdminAuditLogListParams, options?: RequestOptions): PagePromise<AuditEntry> {
    return this.paginate('v1/admin/audit-log', params, options);
  }
}

/** `wagw.admin`: the platform admin's API. */
export class Admin {
  readonly tenants: AdminTenants;
  readonly auditLog: AdminAuditLog;

  constructor(transport: Transport) {
    this.tenants = new AdminTenants(transport);
    this.auditLog = new AdminAuditLog(transport);
  }
}
