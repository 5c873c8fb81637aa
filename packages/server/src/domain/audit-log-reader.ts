import type { Storage } from '../storage/storage.js';
import type { AuditEntry } from './audit-log.js';
import { authorize, type Principal } from './authorization.js';
import type { Page } from './types.js';

export interface AuditListParams {
  limit: number;
  startingAfter?: string | undefined;
  action?: string | undefined;
}

/** Reads the audit log, newest first: a tenant its own entries, the platform admin everyone's. */
export class AuditLogReader {
  constructor(private readonly storage: Storage) {}

  async listOwn(principal: Principal, params: AuditListParams): Promise<Page<AuditEntry>> {
    authorize(principal, 'members:manage');
    return this.#page({ ...params, tenantId: principal.tenant.id });
  }

  async listAll(
    principal: Principal,
    params: AuditListParams & { tenantId?: string | undefined },
  ): Promise<Page<AuditEntry>> {
    authorize(principal, 'platform:manage');
    return this.#page(params);
  }

  async #page(params: AuditListParams & { tenantId?: string | undefined }): Promise<Page<AuditEntry>> {
    const rows = await this.storage.audit.list({ ...params, limit: params.limit + 1 });
    return { data: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }
}
