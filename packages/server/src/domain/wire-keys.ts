import type { AuditEntry } from './audit-log.js';

/** The public shape of audit entries (snake_case, ISO times), as wire.ts does for the others. */
export const wireKeys = {
  auditEntry: (e: AuditEntry) => ({
    id: e.id,
    tenant_id: e.tenantId,
    actor: e.actor,
    action: e.action,
    target: e.target,
    ip: e.ip,
    request_id: e.requestId,
    details: e.details,
    created_at: new Date(e.createdAt).toISOString(),
  }),
};
