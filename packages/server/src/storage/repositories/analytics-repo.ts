import { type ExpressionBuilder, sql } from 'kysely';
import type { Mode } from '../../domain/types.js';
import type { Database, Db } from '../database.js';

/** Which messages an analytics query looks at: one tenant's of one mode, created in [from, to). */
export interface MessageScope {
  tenantId: string;
  /** Messages follow their session's mode. */
  mode: Mode;
  from: number;
  to: number;
  sessionId?: string | undefined;
}

export interface DurationStats {
  count: number;
  avgMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface DayRow {
  day: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  received: number;
}

const DAY_MS = 86_400_000;
const num = (v: unknown): number => Number(v ?? 0);
type Eb = ExpressionBuilder<Database, 'messages'>;

/** Aggregates over the messages table for analytics; the same SQL on both dialects. */
export class AnalyticsRepo {
  constructor(private readonly db: Db) {}

  private messages(scope: MessageScope) {
    let q = this.db
      .selectFrom('messages')
      .where('tenant_id', '=', scope.tenantId)
      .where('created_at', '>=', scope.from)
      .where('created_at', '<', scope.to)
      .where('session_id', 'in', (eb) =>
        eb
          .selectFrom('sessions')
          .select('id')
          .where('tenant_id', '=', scope.tenantId)
          .where('mode', '=', scope.mode),
      );
    if (scope.sessionId !== undefined) q = q.where('session_id', '=', scope.sessionId);
    return q;
  }

  /** Message counts grouped by a column (`status`, `direction`, `error_code`). */
  async countBy(
    scope: MessageScope,
    column: 'status' | 'direction' | 'error_code',
    onlyFailed = false,
  ): Promise<Array<{ key: string | null; count: number }>> {
    let q = this.messages(scope)
      .select((eb) => [eb.ref(column).as('key'), eb.fn.countAll<string | number>().as('n')])
      .groupBy(column);
    if (onlyFailed) q = q.where('status', '=', 'failed');
    return (await q.execute()).map((r) => ({ key: r.key as string | null, count: num(r.n) }));
  }

  /** Outbound messages, and how many of them were delivered and read. */
  async outboundOutcomes(
    scope: MessageScope,
  ): Promise<{ outbound: number; delivered: number; read: number }> {
    const row = await this.messages(scope)
      .where('direction', '=', 'outbound')
      .select((eb) => [
        eb.fn.countAll<string | number>().as('outbound'),
        eb.fn.countAll<string | number>().filterWhere('delivered_at', 'is not', null).as('delivered'),
        eb.fn.countAll<string | number>().filterWhere('read_at', 'is not', null).as('read'),
      ])
      .executeTakeFirst();
    return { outbound: num(row?.outbound), delivered: num(row?.delivered), read: num(row?.read) };
  }

  /**
   * Time from acceptance (`created_at`) to `column` of outbound messages that reached it: the count
   * and average in one aggregate, each percentile as the nearest-rank row fetched with ORDER BY …
   * OFFSET (portable and exact, one indexed-range scan per figure; no sorted list is held here).
   */
  async durations(scope: MessageScope, column: 'delivered_at' | 'read_at'): Promise<DurationStats> {
    const reached = () =>
      this.messages(scope).where('direction', '=', 'outbound').where(column, 'is not', null);
    const elapsed = (eb: Eb) => sql<number>`${eb.ref(column)} - ${eb.ref('created_at')}`;
    const agg = await reached()
      .select((eb) => [
        eb.fn.countAll<string | number>().as('n'),
        eb.fn.avg<string | number | null>(elapsed(eb)).as('avg'),
      ])
      .executeTakeFirst();
    const count = num(agg?.n);
    if (count === 0) return { count, avgMs: null, p50Ms: null, p90Ms: null };
    const at = async (p: number): Promise<number> => {
      const rank = Math.max(1, Math.ceil(p * count));
      const row = await reached()
        .select((eb) => elapsed(eb).as('d'))
        .orderBy('d')
        .orderBy('id')
        .limit(1)
        .offset(rank - 1)
        .executeTakeFirst();
      return num(row?.d);
    };
    return { count, avgMs: Math.round(num(agg?.avg)), p50Ms: await at(0.5), p90Ms: await at(0.9) };
  }

  /** Per UTC day of `created_at` (day = ms / 86 400 000): only days that have messages. */
  async daily(scope: MessageScope): Promise<DayRow[]> {
    const day = sql<number>`created_at / ${sql.lit(DAY_MS)}`;
    const rows = await this.messages(scope)
      .select((eb) => [
        day.as('day'),
        eb.fn
          .countAll<string | number>()
          .filterWhere((w) => w.and([w('direction', '=', 'outbound'), w('sent_at', 'is not', null)]))
          .as('sent'),
        eb.fn.countAll<string | number>().filterWhere('delivered_at', 'is not', null).as('delivered'),
        eb.fn.countAll<string | number>().filterWhere('read_at', 'is not', null).as('read'),
        eb.fn.countAll<string | number>().filterWhere('status', '=', 'failed').as('failed'),
        eb.fn.countAll<string | number>().filterWhere('direction', '=', 'inbound').as('received'),
      ])
      .groupBy(day)
      .execute();
    return rows.map((r) => ({
      day: num(r.day) * DAY_MS,
      sent: num(r.sent),
      delivered: num(r.delivered),
      read: num(r.read),
      failed: num(r.failed),
      received: num(r.received),
    }));
  }
}
