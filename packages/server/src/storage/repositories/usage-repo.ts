import { sql } from 'kysely';
import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

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
}
