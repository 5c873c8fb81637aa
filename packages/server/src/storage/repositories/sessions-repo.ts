import type { Selectable } from 'kysely';
import { type Mode, modeOf, type Session, type SessionStatus } from '../../domain/types.js';
import type { Db, SessionsTable } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

const toSession = (r: Selectable<SessionsTable>): Session => ({
  id: r.id,
  tenantId: r.tenant_id,
  mode: r.mode,
  name: r.name,
  engine: r.engine,
  status: r.status as SessionStatus,
  statusReason: r.status_reason,
  statusChangedAt: r.status_changed_at,
  desiredState: r.desired_state,
  phone: r.phone,
  autoPair: r.auto_pair === 1,
  qr: r.qr,
  qrExpiresAt: r.qr_expires_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface SessionPatch {
  status?: SessionStatus;
  statusReason?: string | null;
  statusChangedAt?: number;
  desiredState?: 'running' | 'stopped';
  phone?: string | null;
  qr?: string | null;
  qrExpiresAt?: number | null;
}

const liveSession = new PreparedQuery((db, tenantId: string, id: string) =>
  db
    .selectFrom('sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null),
);
const liveSessionById = new PreparedQuery((db, id: string) =>
  db.selectFrom('sessions').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
);
const bumpSequence = new PreparedQuery((db, id: string) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', id)
    .returning('event_seq'),
);

export class SessionsRepo {
  constructor(private readonly db: Db) {}

  async insert(s: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        tenant_id: s.tenantId,
        mode: modeOf(s),
        name: s.name,
        engine: s.engine,
        status: s.status,
        status_reason: s.statusReason,
        status_changed_at: s.statusChangedAt,
        desired_state: s.desiredState,
        phone: s.phone,
        auto_pair: s.autoPair ? 1 : 0,
        event_seq: 0,
        qr: null,
        qr_expires_at: null,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }

  /** Tenant-scoped read: a foreign id is simply not found, nor is a deleted session. */
  async get(tenantId: string, id: string): Promise<Session | undefined> {
    const row = await liveSession.first(this.db, tenantId, id);
    return row && toSession(row);
  }

  /** Unscoped read for the runtime, which owns sessions of every tenant; deleted ones are not found. */
  async getById(id: string): Promise<Session | undefined> {
    const row = await liveSessionById.first(this.db, id);
    return row && toSession(row);
  }

  /** Whether the session existed and was deleted (its tombstone); tenant-scoped unless `tenantId` is null. */
  async isDeleted(tenantId: string | null, id: string): Promise<boolean> {
    let q = this.db
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', id)
      .where('deleted_at', 'is not', null);
    if (tenantId !== null) q = q.where('tenant_id', '=', tenantId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** The session's mode, deleted or not (messages follow their session's). */
  async modeOf(tenantId: string, id: string): Promise<Mode | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select('mode')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.mode;
  }

  async list(tenantId: string, limit: number, startingAfter?: string, mode?: Mode): Promise<Session[]> {
    let q = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    if (mode) q = q.where('mode', '=', mode);
    return (await q.execute()).map(toSession);
  }

  async listDesiredRunning(): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('desired_state', '=', 'running')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toSession);
  }

  async update(id: string, patch: SessionPatch, at: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({
        updated_at: at,
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.statusReason !== undefined && { status_reason: patch.statusReason }),
        ...(patch.statusChangedAt !== undefined && { status_changed_at: patch.statusChangedAt }),
        ...(patch.desiredState !== undefined && { desired_state: patch.desiredState }),
        ...(patch.phone !== undefined && { phone: patch.phone }),
        ...(patch.qr !== undefined && { qr: patch.qr }),
        ...(patch.qrExpiresAt !== undefined && { qr_expires_at: patch.qrExpiresAt }),
      })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .execute();
  }

  /** Reserves the next per-session event sequence number. */
  async nextSequence(id: string): Promise<number> {
    const row = await bumpSequence.first(this.db, id);
    if (!row) throw new Error(`No session ${id} to number an event of`);
    return Number(row.event_seq);
  }

  /**
   * Deletes a session by turning its row into a tombstone: it is no longer found or run, while its
   * messages and events stay readable. True when this call deleted it (false: it already was).
   */
  async markDeleted(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ deleted_at: at, desired_state: 'stopped', qr: null, qr_expires_at: null, updated_at: at })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
