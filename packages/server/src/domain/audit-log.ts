import { newId } from '../crypto/ids.js';
import type { Storage } from '../storage/storage.js';
import type { Principal } from './authorization.js';
import { requestContext } from './request-context.js';

/** One security-relevant or admin action, kept in the audit log. */
export interface AuditEntry {
  id: string;
  tenantId: string | null;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null };
  /** `api_key.created`, `api_key.rotated`, `api_key.revoked`, `user.login`, `member.role_changed`, `subscription.plan_changed`, `tenant.suspended`, … */
  action: string;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  createdAt: number;
}

export interface AuditRecord {
  action: string;
  tenantId?: string | null;
  target?: { type: string; id: string | null } | null;
  details?: Record<string, unknown>;
}

/**
 * Writes audit entries. Callers pass the transaction that makes the change, so the entry commits
 * with it or not at all: an action is never done without its trace.
 */
export class AuditLog {
  /**
   * By a principal (the request's actor), or the system when null. The IP and request id are the
   * current API request's (none outside one, e.g. a period rollover).
   */
  async record(
    tx: Storage,
    principal: Pick<Principal, 'actor' | 'tenant' | 'ip'> | null,
    record: AuditRecord,
  ): Promise<AuditEntry> {
    const request = requestContext.current();
    const entry: AuditEntry = {
      id: newId('aud'),
      tenantId: record.tenantId === undefined ? (principal?.tenant.id ?? null) : record.tenantId,
      actor: principal
        ? { type: principal.actor.type, id: principal.actor.id }
        : { type: 'system', id: null },
      action: record.action,
      target: record.target ?? null,
      ip: principal?.ip ?? request?.ip ?? null,
      requestId: request?.requestId ?? null,
      details: record.details ?? {},
      createdAt: Date.now(),
    };
    await tx.audit.insert(entry);
    return entry;
  }
}
