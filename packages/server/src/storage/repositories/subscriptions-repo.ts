import type { Selectable } from 'kysely';
import type { Subscription } from '../../domain/plan-types.js';
import type { Db, SubscriptionsTable } from '../database.js';

const toSubscription = (r: Selectable<SubscriptionsTable>): Subscription => ({
  id: r.id,
  tenantId: r.tenant_id,
  planId: r.plan_id,
  status: r.status,
  currentPeriodStart: r.current_period_start,
  currentPeriodEnd: r.current_period_end,
  trialEnd: r.trial_end,
  cancelAtPeriodEnd: r.cancel_at_period_end === 1,
  pendingPlanId: r.pending_plan_id,
  canceledAt: r.canceled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (s: Subscription): Selectable<SubscriptionsTable> => ({
  id: s.id,
  tenant_id: s.tenantId,
  plan_id: s.planId,
  status: s.status,
  current_period_start: s.currentPeriodStart,
  current_period_end: s.currentPeriodEnd,
  trial_end: s.trialEnd,
  cancel_at_period_end: s.cancelAtPeriodEnd ? 1 : 0,
  pending_plan_id: s.pendingPlanId,
  canceled_at: s.canceledAt,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

export class SubscriptionsRepo {
  constructor(private readonly db: Db) {}

  async insert(s: Subscription): Promise<void> {
    await this.db.insertInto('subscriptions').values(toRow(s)).execute();
  }

  async getByTenant(tenantId: string): Promise<Subscription | undefined> {
    const row = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row && toSubscription(row);
  }

  /**
   * Writes the subscription if it is still as the caller read it (its period end and update time
   * unchanged): false when another writer (a concurrent change, another server's rollover) got
   * there first.
   */
  async replace(next: Subscription, expected: Subscription): Promise<boolean> {
    const { id, tenant_id: _t, created_at: _c, ...rest } = toRow(next);
    const result = await this.db
      .updateTable('subscriptions')
      .set(rest)
      .where('id', '=', id)
      .where('current_period_end', '=', expected.currentPeriodEnd)
      .where('updated_at', '=', expected.updatedAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n) === 1;
  }

  /** Subscriptions whose period has ended (canceled ones never advance), oldest first. */
  async listDue(now: number, limit: number): Promise<Subscription[]> {
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('current_period_end', '<=', now)
      .where('status', '!=', 'canceled')
      .orderBy('current_period_end')
      .limit(limit)
      .execute();
    return rows.map(toSubscription);
  }
}
