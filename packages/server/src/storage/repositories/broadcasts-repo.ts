import type {
  Broadcast,
  BroadcastProgress,
  BroadcastRecipient,
  BroadcastStatus,
  RecipientState,
} from '../../domain/broadcast-types.js';
import type { TemplateBody } from '../../domain/template-types.js';
import type { Mode } from '../../domain/types.js';
import type { BroadcastRecipientsTable, BroadcastsTable, Db } from '../database.js';

const toBroadcast = (r: BroadcastsTable): Broadcast => ({
  id: r.id,
  tenantId: r.tenant_id,
  sessionId: r.session_id,
  mode: r.mode,
  name: r.name,
  status: r.status as BroadcastStatus,
  statusReason: r.status_reason,
  message: JSON.parse(r.message) as TemplateBody,
  templateId: r.template_id,
  perMinute: r.per_minute,
  total: r.total,
  nextAt: Number(r.next_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  startedAt: r.started_at === null ? null : Number(r.started_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
});

const toRecipient = (r: BroadcastRecipientsTable): BroadcastRecipient => ({
  broadcastId: r.broadcast_id,
  position: r.position,
  to: r.to_phone,
  variables: JSON.parse(r.variables) as Record<string, string>,
  state: r.state as RecipientState,
  messageId: r.message_id,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
});

/** Inserts of many recipients go in chunks (SQLite's bound-parameter limit). */
const INSERT_CHUNK = 500;

export class BroadcastsRepo {
  constructor(private readonly db: Db) {}

  async insert(b: Broadcast, recipients: ReadonlyArray<{ to: string; variables: Record<string, string> }>) {
    await this.db
      .insertInto('broadcasts')
      .values({
        id: b.id,
        tenant_id: b.tenantId,
        session_id: b.sessionId,
        mode: b.mode,
        name: b.name,
        status: b.status,
        status_reason: b.statusReason,
        message: JSON.stringify(b.message),
        template_id: b.templateId,
        per_minute: b.perMinute,
        total: b.total,
        next_at: b.nextAt,
        created_at: b.createdAt,
        updated_at: b.updatedAt,
        started_at: b.startedAt,
        finished_at: b.finishedAt,
      })
      .execute();
    for (let i = 0; i < recipients.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('broadcast_recipients')
        .values(
          recipients.slice(i, i + INSERT_CHUNK).map((r, j) => ({
            broadcast_id: b.id,
            position: i + j,
            to_phone: r.to,
            variables: JSON.stringify(r.variables),
            state: 'pending',
            message_id: null,
            error_code: null,
            error_message: null,
          })),
        )
        .execute();
    }
  }

  async get(tenantId: string, id: string): Promise<Broadcast | undefined> {
    const row = await this.db
      .selectFrom('broadcasts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toBroadcast(row);
  }

  async getById(id: string): Promise<Broadcast | undefined> {
    const row = await this.db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBroadcast(row);
  }

  /** A tenant's broadcasts of one mode, newest first. */
  async list(tenantId: string, mode: Mode, limit: number, startingAfter?: string): Promise<Broadcast[]> {
    let q = this.db
      .selectFrom('broadcasts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('mode', '=', mode)
      .orderBy('id', 'desc')
      .limit(limit);
    if (startingAfter) q = q.where('id', '<', startingAfter);
    return (await q.execute()).map(toBroadcast);
  }

  /** Broadcasts that may queue a recipient now (queued or running, `next_at` passed). */
  async listDue(now: number, limit: number): Promise<Broadcast[]> {
    const rows = await this.db
      .selectFrom('broadcasts')
      .selectAll()
      .where('status', 'in', ['queued', 'running'])
      .where('next_at', '<=', now)
      .orderBy('next_at')
      .limit(limit)
      .execute();
    return rows.map(toBroadcast);
  }

  /** When the next broadcast may queue a recipient, if any is going. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('broadcasts')
      .select((eb) => eb.fn.min('next_at').as('at'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return row?.at == null ? undefined : Number(row.at);
  }

  /**
   * Takes the broadcast's next turn: moves `next_at` from `expected` to `next`, so of the servers
   * that read the same row only one goes on (the update is the claim). True when this one did.
   */
  async claimTurn(id: string, expected: number, next: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('broadcasts')
      .set({ next_at: next, updated_at: now })
      .where('id', '=', id)
      .where('next_at', '=', expected)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Changes the status when it is one of `from`; true when it did. */
  async setStatus(
    id: string,
    from: readonly BroadcastStatus[],
    to: BroadcastStatus,
    at: number,
    extra: { reason?: string | null; nextAt?: number; startedAt?: number; finishedAt?: number } = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('broadcasts')
      .set({
        status: to,
        updated_at: at,
        ...(extra.reason !== undefined && { status_reason: extra.reason }),
        ...(extra.nextAt !== undefined && { next_at: extra.nextAt }),
        ...(extra.finishedAt !== undefined && { finished_at: extra.finishedAt }),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    if (extra.startedAt !== undefined) {
      await this.db
        .updateTable('broadcasts')
        .set({ started_at: extra.startedAt })
        .where('id', '=', id)
        .where('started_at', 'is', null)
        .execute();
    }
    return Number(result.numUpdatedRows) > 0;
  }

  /** The first recipients still waiting, in order. */
  async nextPending(broadcastId: string, limit: number): Promise<BroadcastRecipient[]> {
    const rows = await this.db
      .selectFrom('broadcast_recipients')
      .selectAll()
      .where('broadcast_id', '=', broadcastId)
      .where('state', '=', 'pending')
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map(toRecipient);
  }

  /**
   * Records what became of a pending recipient; only a pending one changes (true), so a recipient
   * gets one outcome even when two writers race.
   */
  async settle(
    broadcastId: string,
    position: number,
    outcome:
      | { state: 'queued'; messageId: string }
      | { state: 'failed'; error: { code: string; message: string } },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('broadcast_recipients')
      .set(
        outcome.state === 'queued'
          ? { state: 'queued', message_id: outcome.messageId }
          : { state: 'failed', error_code: outcome.error.code, error_message: outcome.error.message },
      )
      .where('broadcast_id', '=', broadcastId)
      .where('position', '=', position)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A cancel: every recipient still waiting is skipped. */
  async skipPending(broadcastId: string): Promise<void> {
    await this.db
      .updateTable('broadcast_recipients')
      .set({ state: 'skipped' })
      .where('broadcast_id', '=', broadcastId)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Recipients in order, with their messages' ids (`after`: a position). */
  async listRecipients(broadcastId: string, limit: number, after?: number): Promise<BroadcastRecipient[]> {
    let q = this.db
      .selectFrom('broadcast_recipients')
      .selectAll()
      .where('broadcast_id', '=', broadcastId)
      .orderBy('position')
      .limit(limit);
    if (after !== undefined) q = q.where('position', '>', after);
    return (await q.execute()).map(toRecipient);
  }

  /** Recipients by state, and the broadcast's messages by status, in two grouped queries. */
  async progress(broadcastId: string, total: number): Promise<BroadcastProgress> {
    const states = await this.db
      .selectFrom('broadcast_recipients')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('broadcast_id', '=', broadcastId)
      .groupBy('state')
      .execute();
    const statuses = await this.db
      .selectFrom('broadcast_recipients')
      .innerJoin('messages', 'messages.id', 'broadcast_recipients.message_id')
      .select(['messages.status as status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('broadcast_recipients.broadcast_id', '=', broadcastId)
      .groupBy('messages.status')
      .execute();
    const byState = Object.fromEntries(states.map((r) => [r.state, Number(r.n)]));
    const byStatus = Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]));
    const read = byStatus.read ?? 0;
    const delivered = (byStatus.delivered ?? 0) + read;
    return {
      total,
      pending: byState.pending ?? 0,
      queued: byState.queued ?? 0,
      failed: byState.failed ?? 0,
      skipped: byState.skipped ?? 0,
      messages: {
        queued: (byStatus.queued ?? 0) + (byStatus.scheduled ?? 0),
        sent: (byStatus.sent ?? 0) + delivered,
        delivered,
        read,
        failed: byStatus.failed ?? 0,
        cancelled: byStatus.cancelled ?? 0,
      },
    };
  }
}
