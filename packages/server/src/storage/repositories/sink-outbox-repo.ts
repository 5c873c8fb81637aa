import type { Db } from '../database.js';

export interface SinkOutboxRow {
  sink: string;
  eventId: string;
  tenantId: string;
  attemptCount: number;
}

/**
 * The event sinks' outbox (migration 0012): a row per (sink, event) the sink still has to publish.
 * Rows are claimed with an expiring lock, so a crashed server's claims come back.
 */
export class SinkOutboxRepo {
  constructor(private readonly db: Db) {}

  /** Queues `eventId` for each of `sinks`; call it in the event's transaction. */
  async insert(
    sinks: readonly string[],
    e: { eventId: string; tenantId: string },
    at: number,
  ): Promise<void> {
    if (sinks.length === 0) return;
    await this.db
      .insertInto('sink_outbox')
      .values(
        sinks.map((sink) => ({
          sink,
          event_id: e.eventId,
          tenant_id: e.tenantId,
          attempt_count: 0,
          next_attempt_at: at,
          last_error: null,
          locked_by: null,
          locked_until: null,
          created_at: at,
        })),
      )
      .execute();
  }

  /**
   * Claims up to `limit` due rows of `sink` for `owner` until `lockedUntil`, oldest first. Postgres
   * skips rows other servers hold; SQLite has one writer. Call it inside a transaction.
   */
  async claimDue(c: {
    sink: string;
    owner: string;
    now: number;
    lockedUntil: number;
    limit: number;
    skipLocked: boolean;
  }): Promise<SinkOutboxRow[]> {
    let q = this.db
      .selectFrom('sink_outbox')
      .select('event_id')
      .where('sink', '=', c.sink)
      .where('next_attempt_at', '<=', c.now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', c.now)]))
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .orderBy('event_id')
      .limit(c.limit);
    if (c.skipLocked) q = q.forUpdate().skipLocked();
    const ids = (await q.execute()).map((r) => r.event_id);
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('sink_outbox')
      .set({ locked_by: c.owner, locked_until: c.lockedUntil })
      .where('sink', '=', c.sink)
      .where('event_id', 'in', ids)
      .returning(['sink', 'event_id', 'tenant_id', 'attempt_count'])
      .execute();
    return rows.map((r) => ({
      sink: r.sink,
      eventId: r.event_id,
      tenantId: r.tenant_id,
      attemptCount: r.attempt_count,
    }));
  }

  /** The broker acknowledged these: they are done (rows another owner took over stay). */
  async complete(sink: string, eventIds: readonly string[], owner: string): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db
      .deleteFrom('sink_outbox')
      .where('sink', '=', sink)
      .where('event_id', 'in', eventIds)
      .where('locked_by', '=', owner)
      .execute();
  }

  /** A publish failed: try again at `nextAttemptAt`. */
  async retry(
    sink: string,
    eventIds: readonly string[],
    owner: string,
    f: { nextAttemptAt: number; error: string },
  ): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db
      .updateTable('sink_outbox')
      .set((eb) => ({
        attempt_count: eb('attempt_count', '+', 1),
        next_attempt_at: f.nextAttemptAt,
        last_error: f.error.slice(0, 1000),
        locked_by: null,
        locked_until: null,
      }))
      .where('sink', '=', sink)
      .where('event_id', 'in', eventIds)
      .where('locked_by', '=', owner)
      .execute();
  }

  /** Gives claims back untouched (shutdown): due again at once, no attempt counted. */
  async release(sink: string, eventIds: readonly string[], owner: string): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db
      .updateTable('sink_outbox')
      .set({ locked_by: null, locked_until: null })
      .where('sink', '=', sink)
      .where('event_id', 'in', eventIds)
      .where('locked_by', '=', owner)
      .execute();
  }

  /** How many events `sink` still owes, and the last error of the oldest one. */
  async backlog(sink: string): Promise<{ pending: number; lastError: string | null }> {
    const count = await this.db
      .selectFrom('sink_outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('sink', '=', sink)
      .executeTakeFirstOrThrow();
    const oldest = await this.db
      .selectFrom('sink_outbox')
      .select('last_error')
      .where('sink', '=', sink)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    return { pending: Number(count.n), lastError: oldest?.last_error ?? null };
  }
}
