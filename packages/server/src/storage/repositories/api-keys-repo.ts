import type { Scope } from '../../domain/authorization.js';
import type { ApiKey } from '../../domain/types.js';
import type { ApiKeysTable, Db } from '../database.js';

const toApiKey = (r: ApiKeysTable): ApiKey => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  mode: r.mode,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  scopes: r.scopes === null ? null : (JSON.parse(r.scopes) as Scope[]),
  expiresAt: r.expires_at,
  lastUsedIp: r.last_used_ip,
  allowedIps: r.allowed_ips === null ? null : (JSON.parse(r.allowed_ips) as string[]),
  userId: r.user_id,
  graceUntil: r.grace_until,
  replacedBy: r.replaced_by,
});

export class ApiKeysRepo {
  constructor(private readonly db: Db) {}

  async insert(k: ApiKey, hash: string): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: k.id,
        tenant_id: k.tenantId,
        name: k.name,
        mode: k.mode,
        prefix: k.prefix,
        hash,
        created_at: k.createdAt,
        last_used_at: null,
        revoked_at: null,
        scopes: k.scopes === null ? null : JSON.stringify(k.scopes),
        expires_at: k.expiresAt,
        last_used_ip: null,
        allowed_ips: k.allowedIps === null ? null : JSON.stringify(k.allowedIps),
        user_id: k.userId,
        grace_until: k.graceUntil,
        replaced_by: k.replacedBy,
      })
      .execute();
  }

  async findByHash(hash: string): Promise<(ApiKey & { hash: string }) | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && { ...toApiKey(row), hash: row.hash };
  }

  async get(tenantId: string, id: string): Promise<ApiKey | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toApiKey(row);
  }

  async list(tenantId: string, limit: number, startingAfter?: string): Promise<ApiKey[]> {
    let q = this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    return (await q.execute()).map(toApiKey);
  }

  async revoke(tenantId: string, id: string, at: number): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async touch(id: string, at: number, ip: string | null = null): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: at, ...(ip !== null && { last_used_ip: ip }) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Marks a key as replaced: it works until `graceUntil` (revoked at once when `revokeAt` is set).
   * Only a live, not yet rotated key is changed; false when it was not (a concurrent rotation).
   */
  async markRotated(
    tenantId: string,
    id: string,
    change: { replacedBy: string; graceUntil: number; revokeAt: number | null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ replaced_by: change.replacedBy, grace_until: change.graceUntil, revoked_at: change.revokeAt })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('replaced_by', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Revokes every live key of the tenant except `keepId`; returns the ids revoked. */
  async revokeAllExcept(tenantId: string, keepId: string, at: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '<>', keepId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }
}
