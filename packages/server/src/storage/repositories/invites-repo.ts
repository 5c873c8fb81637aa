import type { Selectable } from 'kysely';
import type { Invite } from '../../domain/accounts/account-types.js';
import type { Db, InvitesTable } from '../database.js';

const toInvite = (r: Selectable<InvitesTable>): Invite => ({
  id: r.id,
  tenantId: r.tenant_id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  revokedAt: r.revoked_at,
});

export class InvitesRepo {
  constructor(private readonly db: Db) {}

  async insert(i: Invite, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('invites')
      .values({
        id: i.id,
        tenant_id: i.tenantId,
        email: i.email,
        role: i.role,
        token_hash: tokenHash,
        invited_by: i.invitedBy,
        created_at: i.createdAt,
        expires_at: i.expiresAt,
        accepted_at: null,
        revoked_at: null,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<Invite | undefined> {
    const row = await this.db
      .selectFrom('invites')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toInvite(row);
  }

  async findByTokenHash(hash: string): Promise<Invite | undefined> {
    const row = await this.db
      .selectFrom('invites')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    return row && toInvite(row);
  }

  /** A tenant's open invites (neither accepted nor revoked), by id. */
  async listOpen(tenantId: string, limit: number, startingAfter?: string): Promise<Invite[]> {
    let q = this.db
      .selectFrom('invites')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .orderBy('id')
      .limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    return (await q.execute()).map(toInvite);
  }

  async revoke(tenantId: string, id: string, at: number): Promise<void> {
    await this.db
      .updateTable('invites')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Marks an open, unexpired invite accepted; false when it was not open (single use). */
  async accept(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('invites')
      .set({ accepted_at: now })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
