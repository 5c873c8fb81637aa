import { sql } from 'kysely';
import type { Mode } from '../../domain/types.js';
import type { Db } from '../database.js';

import { PreparedQuery } from '../prepared-query.js';

/** One counter increment: `delta` more of `metric` for a tenant in the month starting `periodStart`. */
export interface CounterDelta {
  tenantId: string;
  periodStart: number;
  metric: string;
  delta: number;
}

/** A tenant's messages in a time range, by direction. */
export interface MessageCounts {
  tenantId: string;
  sent: number;
  received: number;
}

const num = (v: unknown): number => Number(v ?? 0);

/** Messages follow their session's mode; usage and invoices count live ones only. */
const liveSessionIds = (db: Db) => db.selectFrom('sessions').select('id').where('mode', '=', 'live');

/**
 * Counts one sent message in the tenant's month, unless that would pass its plan's hard quota: a
 * single upsert whose update only happens while `value < limit`. The limit is read in the same
 * statement (the tenant's subscription's plan, when the quota is a hard one and the tenant is not
 * the admin tenant), so concurrent sends on any number of servers never pass it.
 */
const countMessage = new PreparedQuery((db, tenantId: string, periodStart: number) =>
  db
    .insertInto('usage_counters')
    .values({ tenant_id: tenantId, period_start: periodStart, metric: 'messages_sent', value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'period_start', 'metric'])
        .doUpdateSet({ value: sql`usage_counters.value + 1` })
        .where(
          sql<boolean>`usage_counters.value < coalesce((select p.monthly_messages from subscriptions s join plans p on p.id = s.plan_id join tenants t on t.id = s.tenant_id where s.tenant_id = usage_counters.tenant_id and p.overage_cents_per_message is null and t.is_admin = 0), 9007199254740991)`,
        ),
    ),
);

/** Usage counters and the counts that usage reports are made of. */
export class UsageRepo {
  constructor(private readonly db: Db) {}

  /** True when the message was counted; false when the plan's quota for the month is used up. */
  async countMessage(tenantId: string, periodStart: number): Promise<boolean> {
    return (await countMessage.affected(this.db, tenantId, periodStart)) === 1;
  }

  async get(tenantId: string, periodStart: number, metric: string): Promise<number> {
    const row = await this.db
      .selectFrom('usage_counters')
      .select('value')
      .where('tenant_id', '=', tenantId)
      .where('period_start', '=', periodStart)
      .where('metric', '=', metric)
      .executeTakeFirst();
    return row?.value ?? 0;
  }

  /** Adds to counters, creating them at need: one upsert per row. */
  async add(deltas: readonly CounterDelta[]): Promise<void> {
    for (const d of deltas) {
      await this.db
        .insertInto('usage_counters')
        .values({ tenant_id: d.tenantId, period_start: d.periodStart, metric: d.metric, value: d.delta })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'period_start', 'metric'])
            .doUpdateSet({ value: sql`usage_counters.value + excluded.value` }),
        )
        .execute();
    }
  }

  /** Counter values of one month, by tenant then metric. */
  async counters(
    periodStart: number,
    tenantIds: readonly string[],
  ): Promise<Map<string, Map<string, number>>> {
    if (tenantIds.length === 0) return new Map();
    const q = this.db
      .selectFrom('usage_counters')
      .select(['tenant_id', 'metric', 'value'])
      .where('period_start', '=', periodStart)
      .where('tenant_id', 'in', tenantIds);
    const out = new Map<string, Map<string, number>>();
    for (const row of await q.execute()) {
      const byMetric = out.get(row.tenant_id) ?? new Map<string, number>();
      byMetric.set(row.metric, num(row.value));
      out.set(row.tenant_id, byMetric);
    }
    return out;
  }

  /** The sum of a metric's monthly counters for months starting in [fromMonth, toMonth]. */
  async sumCounter(tenantId: string, metric: string, fromMonth: number, toMonth: number): Promise<number> {
    const row = await this.db
      .selectFrom('usage_counters')
      .select((eb) => eb.fn.sum<string | number>('value').as('total'))
      .where('tenant_id', '=', tenantId)
      .where('metric', '=', metric)
      .where('period_start', '>=', fromMonth)
      .where('period_start', '<=', toMonth)
      .executeTakeFirst();
    return num(row?.total);
  }

  /** Live outbound and inbound messages created in [from, to), by tenant. */
  async messageCounts(from: number, to: number, tenantIds: readonly string[]): Promise<MessageCounts[]> {
    if (tenantIds.length === 0) return [];
    const q = this.db
      .selectFrom('messages')
      .select((eb) => [
        'tenant_id',
        eb.fn.countAll<string | number>().filterWhere('direction', '=', 'outbound').as('sent'),
        eb.fn.countAll<string | number>().filterWhere('direction', '=', 'inbound').as('received'),
      ])
      .where('tenant_id', 'in', tenantIds)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('session_id', 'in', liveSessionIds(this.db))
      .groupBy('tenant_id');
    return (await q.execute()).map((r) => ({
      tenantId: r.tenant_id,
      sent: num(r.sent),
      received: num(r.received),
    }));
  }

  /** Sessions of one mode that are not deleted, by tenant. */
  async activeSessions(tenantIds: readonly string[], mode: Mode = 'live'): Promise<Map<string, number>> {
    if (tenantIds.length === 0) return new Map();
    const q = this.db
      .selectFrom('sessions')
      .select((eb) => ['tenant_id', eb.fn.countAll<string | number>().as('n')])
      .where('tenant_id', 'in', tenantIds)
      .where('mode', '=', mode)
      .where('deleted_at', 'is', null)
      .groupBy('tenant_id');
    return new Map((await q.execute()).map((r) => [r.tenant_id, num(r.n)]));
  }

  /** Live outbound messages of a tenant created in [from, to) that did not fail: what overage bills. */
  async billableOutbound(tenantId: string, from: number, to: number): Promise<number> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('direction', '=', 'outbound')
      .where('status', '!=', 'failed')
      .where('session_id', 'in', liveSessionIds(this.db))
      .executeTakeFirst();
    return num(row?.n);
  }
}
