import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { AuditEntry, AuditLogListParams } from '../types.js';

/** `wagw.auditLog`: the tenant's audit log (needs the `members:manage` scope), newest first. */
export class AuditLog extends APIResource {
  /**
   * @example
   * for await (const entry of wagw.auditLog.list({ action: 'api_key.rotated' })) console.log(entry);
   */
  list(params?: AuditLogListParams, options?: RequestOptions): PagePromise<AuditEntry> {
    return this.paginate('v1/audit-log', params, options);
  }
}
