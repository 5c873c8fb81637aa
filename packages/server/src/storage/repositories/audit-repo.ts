import type { AuditEntry } from '../../domain/audit-log.js';
import type { AuditLogTable, Db } from '../database.js';

const toEntry = (r: Omit<AuditLogTable, 'pos'>): AuditEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  actor: { type: r.actor_type, id: r.actor_id },
  action: r.action,
  target: r.target_type === null ? null : { type: r.target_type, id: r.target_id },
  ip: r.ip,
  requestId: r.request_id,
  details: JSON.parse(r.details) as Record<string, unknown>,
  createdAt: r.created_at,
});

export interface AuditQuery {
  tenantId?: string | undefined;
  action?: string | undefined;
  /** Entries older than this id (newest first). */
  startingAfter?: string | undefined;
  limit: number;
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  async insert(e: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: e.id,
        tenant_id: e.tenantId,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        action: e.action,
        target_type: e.target?.type ?? null,
        target_id: e.target?.id ?? null,
        ip: e.ip,
        request_id: e.requestId,
        details: JSON.stringify(e.details),
        created_at: e.createdAt,
      })
      .execute();
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<AuditEntry[]> {
    let q = this.db
      .selectFrom('audit_log')
      .select([
        'id',
        'tenant_id',
        'actor_type',
        'actor_id',
        'action',
        'target_type',
        'target_id',
        'ip',
        'request_id',
        'details',
        'created_at',
      ])
      .orderBy('pos', 'desc')
      .limit(query.limit);
    if (query.tenantId !== undefined) q = q.where('tenant_id', '=', query.tenantId);
    if (query.action !== undefined) q = q.where('action', '=', query.action);
    if (query.startingAfter !== undefined) {
      const after = this.db.selectFrom('audit_log').select('pos').where('id', '=', query.startingAfter);
      q = q.where('pos', '<', after);
    }
    return (await q.execute()).map(toEntry);
  }
}
