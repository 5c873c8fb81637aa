import type { Db } from '../database.js';

export interface Lease {
  sessionId: string;
  owner: string;
  epoch: number;
  expiresAt: number;
}

/**
 * One owner per WhatsApp session. Acquire is a conditional write: it succeeds only when nobody holds
 * an unexpired lease, or when the holder is this same owner (a restarted process reclaims its own
 * sessions at once). Every acquisition bumps the epoch, which fences writes of older holders.
 */
export class LeasesRepo {
  constructor(private readonly db: Db) {}

  async acquire(sessionId: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    const expiresAt = now + ttlMs;
    await this.db
      .insertInto('session_leases')
      .values({ session_id: sessionId, owner: '', epoch: 0, expires_at: 0 })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
    const row = await this.db
      .updateTable('session_leases')
      .set((eb) => ({ owner, epoch: eb('epoch', '+', 1), expires_at: expiresAt }))
      .where('session_id', '=', sessionId)
      .where((eb) => eb.or([eb('expires_at', '<', now), eb('owner', '=', owner)]))
      .returning(['epoch'])
      .executeTakeFirst();
    return row && { sessionId, owner, epoch: Number(row.epoch), expiresAt };
  }

  async renew(lease: Lease, now: number, ttlMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('session_leases')
      .set({ expires_at: now + ttlMs })
      .where('session_id', '=', lease.sessionId)
      .where('owner', '=', lease.owner)
      .where('epoch', '=', lease.epoch)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async release(lease: Lease): Promise<void> {
    await this.db
      .updateTable('session_leases')
      .set({ expires_at: 0 })
      .where('session_id', '=', lease.sessionId)
      .where('owner', '=', lease.owner)
      .where('epoch', '=', lease.epoch)
      .execute();
  }

  /** True when `lease` is still the current one; used inside transactions as a fence. */
  async holds(lease: Pick<Lease, 'sessionId' | 'owner' | 'epoch'>): Promise<boolean> {
    const row = await this.db
      .selectFrom('session_leases')
      .select('epoch')
      .where('session_id', '=', lease.sessionId)
      .where('owner', '=', lease.owner)
      .executeTakeFirst();
    return row !== undefined && Number(row.epoch) === lease.epoch;
  }
}
