import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

export interface Lease {
  sessionId: string;
  owner: string;
  epoch: number;
  expiresAt: number;
}

/** The process behind a lease owner: where it runs and its pid. */
export interface LeaseHolder {
  host: string;
  pid: number;
}

export interface AcquireOptions {
  /** Recorded with the lease, so a later process can tell whether this one still exists. */
  holder?: LeaseHolder;
  /**
   * Called for an unexpired lease of another owner: true takes it over at once. Only for proof that
   * the holder is gone (a crashed process on this host); anything else waits for the expiry.
   */
  holderIsGone?: (holder: LeaseHolder) => boolean;
}

/**
 * One owner per WhatsApp session. Acquire is a conditional write: it succeeds only when nobody holds
 * an unexpired lease, when the holder is this same owner, or when the caller proves the holder's
 * process is gone. Every acquisition bumps the epoch; `fence()` makes a transaction's writes
 * conditional on it.
 */
const fenceLease = new PreparedQuery((db, sessionId: string, owner: string, epoch: number) =>
  db
    .updateTable('session_leases')
    .set((eb) => ({ epoch: eb.ref('epoch') }))
    .where('session_id', '=', sessionId)
    .where('owner', '=', owner)
    .where('epoch', '=', epoch),
);

export class LeasesRepo {
  constructor(private readonly db: Db) {}

  async acquire(
    sessionId: string,
    owner: string,
    now: number,
    ttlMs: number,
    options: AcquireOptions = {},
  ): Promise<Lease | undefined> {
    const expiresAt = now + ttlMs;
    const held = {
      owner,
      expires_at: expiresAt,
      holder_host: options.holder?.host ?? null,
      holder_pid: options.holder?.pid ?? null,
    };
    await this.db
      .insertInto('session_leases')
      .values({ session_id: sessionId, owner: '', epoch: 0, expires_at: 0 })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
    const row = await this.db
      .updateTable('session_leases')
      .set((eb) => ({ ...held, epoch: eb('epoch', '+', 1) }))
      .where('session_id', '=', sessionId)
      .where((eb) => eb.or([eb('expires_at', '<', now), eb('owner', '=', owner)]))
      .returning(['epoch'])
      .executeTakeFirst();
    if (row) return { sessionId, owner, epoch: Number(row.epoch), expiresAt };
    if (!options.holderIsGone) return undefined;

    const current = await this.db
      .selectFrom('session_leases')
      .select(['owner', 'epoch', 'holder_host', 'holder_pid'])
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    if (!current || current.holder_host === null || current.holder_pid === null) return undefined;
    if (!options.holderIsGone({ host: current.holder_host, pid: current.holder_pid })) return undefined;
    // Compare-and-set on the epoch we looked at: a concurrent acquirer wins or we do, never both.
    const taken = await this.db
      .updateTable('session_leases')
      .set((eb) => ({ ...held, epoch: eb('epoch', '+', 1) }))
      .where('session_id', '=', sessionId)
      .where('owner', '=', current.owner)
      .where('epoch', '=', current.epoch)
      .returning(['epoch'])
      .executeTakeFirst();
    return taken && { sessionId, owner, epoch: Number(taken.epoch), expiresAt };
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

  /**
   * The fence: inside a write transaction, true when `lease` is still the current one, and from then
   * on until the transaction ends nobody can take the lease. It is a no-op UPDATE carrying the epoch
   * in its WHERE clause: on Postgres the row lock it takes makes a concurrent `acquire()` wait for
   * this transaction (and an `acquire()` that committed first makes it match nothing); on SQLite it
   * takes the database's single write lock. A plain read would let another node take the lease
   * between the check and the writes.
   */
  async fence(lease: Pick<Lease, 'sessionId' | 'owner' | 'epoch'>): Promise<boolean> {
    return (await fenceLease.affected(this.db, lease.sessionId, lease.owner, lease.epoch)) > 0;
  }

  /**
   * Deleted sessions whose lease row is still there and free: their credentials may not have been
   * erased yet (the delete's logout failed, or their owner crashed before logging out).
   */
  async listFreeOfDeletedSessions(now: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('session_leases')
      .innerJoin('sessions', 'sessions.id', 'session_leases.session_id')
      .select('session_leases.session_id')
      .where('sessions.deleted_at', 'is not', null)
      .where('session_leases.expires_at', '<', now)
      .orderBy('session_leases.session_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.session_id);
  }

  /** Removes the lease row of a session that will never run again, fenced like any write. */
  async remove(lease: Pick<Lease, 'sessionId' | 'owner' | 'epoch'>): Promise<void> {
    await this.db
      .deleteFrom('session_leases')
      .where('session_id', '=', lease.sessionId)
      .where('owner', '=', lease.owner)
      .where('epoch', '=', lease.epoch)
      .execute();
  }

  /** Whether `lease` is the current one, as a plain read (diagnostics; writes use `fence()`). */
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
