import type { Selectable } from 'kysely';
import type { LoginSession } from '../../domain/accounts/account-types.js';
import type { Db, LoginSessionsTable } from '../database.js';

const toSession = (r: Selectable<LoginSessionsTable>): LoginSession => ({
  id: r.id,
  userId: r.user_id,
  tenantId: r.tenant_id,
  accessExpiresAt: r.access_expires_at,
  refreshExpiresAt: r.refresh_expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export interface TokenHashes {
  accessHash: string;
  refreshHash: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

export class LoginSessionsRepo {
  constructor(private readonly db: Db) {}

  async insert(s: LoginSession, hashes: TokenHashes): Promise<void> {
    await this.db
      .insertInto('login_sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        tenant_id: s.tenantId,
        access_hash: hashes.accessHash,
        refresh_hash: hashes.refreshHash,
        access_expires_at: hashes.accessExpiresAt,
        refresh_expires_at: hashes.refreshExpiresAt,
        ip: s.ip,
        user_agent: s.userAgent,
        created_at: s.createdAt,
        last_used_at: s.lastUsedAt,
        revoked_at: null,
      })
      .execute();
  }

  async findByAccessHash(hash: string): Promise<(LoginSession & { accessHash: string }) | undefined> {
    const row = await this.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('access_hash', '=', hash)
      .executeTakeFirst();
    return row && { ...toSession(row), accessHash: row.access_hash };
  }

  async findByRefreshHash(hash: string): Promise<(LoginSession & { refreshHash: string }) | undefined> {
    const row = await this.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('refresh_hash', '=', hash)
      .executeTakeFirst();
    return row && { ...toSession(row), refreshHash: row.refresh_hash };
  }

  /** The login session a retired (already rotated) refresh token belonged to. */
  async findByRetiredRefreshHash(hash: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('retired_refresh_tokens')
      .select('login_session_id')
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    return row?.login_session_id;
  }

  /**
   * Replaces the tokens if the refresh token is still `oldRefreshHash` (a concurrent refresh with
   * the same token loses) and retires the old one. Returns whether it did.
   */
  async rotate(id: string, oldRefreshHash: string, hashes: TokenHashes, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('login_sessions')
      .set({
        access_hash: hashes.accessHash,
        refresh_hash: hashes.refreshHash,
        access_expires_at: hashes.accessExpiresAt,
        refresh_expires_at: hashes.refreshExpiresAt,
        last_used_at: at,
      })
      .where('id', '=', id)
      .where('refresh_hash', '=', oldRefreshHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.db
      .insertInto('retired_refresh_tokens')
      .values({ token_hash: oldRefreshHash, login_session_id: id, retired_at: at })
      .execute();
    return true;
  }

  async get(id: string): Promise<LoginSession | undefined> {
    const row = await this.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toSession(row);
  }

  /** A user's login sessions that can still be used (not revoked, refresh not expired), newest first. */
  async listActive(userId: string, now: number): Promise<LoginSession[]> {
    const rows = await this.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('refresh_expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    return rows.map(toSession);
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('login_sessions')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Revokes every live login session of a user except `keepId`; returns their ids. */
  async revokeAllOfUser(userId: string, at: number, keepId?: string): Promise<string[]> {
    let q = this.db
      .updateTable('login_sessions')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (keepId) q = q.where('id', '<>', keepId);
    return (await q.returning('id').execute()).map((r) => r.id);
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.updateTable('login_sessions').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
