import type { Selectable } from 'kysely';
import type { Plan } from '../../domain/plan-types.js';
import type { Db, PlansTable } from '../database.js';

const toPlan = (r: Selectable<PlansTable>): Plan => ({
  id: r.id,
  code: r.code,
  name: r.name,
  priceCents: r.price_cents,
  currency: r.currency,
  requestsPerMinute: r.requests_per_minute,
  maxSessions: r.max_sessions,
  monthlyMessages: r.monthly_messages,
  overageCentsPerMessage: r.overage_cents_per_message,
  maxWebhookEndpoints: r.max_webhook_endpoints,
  webhookDeliveriesPerMinute: r.webhook_deliveries_per_minute,
  trialDays: r.trial_days,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (p: Plan): Selectable<PlansTable> => ({
  id: p.id,
  code: p.code,
  name: p.name,
  price_cents: p.priceCents,
  currency: p.currency,
  requests_per_minute: p.requestsPerMinute,
  max_sessions: p.maxSessions,
  monthly_messages: p.monthlyMessages,
  overage_cents_per_message: p.overageCentsPerMessage,
  max_webhook_endpoints: p.maxWebhookEndpoints,
  webhook_deliveries_per_minute: p.webhookDeliveriesPerMinute,
  trial_days: p.trialDays,
  active: p.active ? 1 : 0,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});

export class PlansRepo {
  constructor(private readonly db: Db) {}

  async insert(plan: Plan): Promise<void> {
    await this.db.insertInto('plans').values(toRow(plan)).execute();
  }

  /** Inserts the plan unless one with its code exists (seeding, safe when servers start at once). */
  async insertIfAbsent(plan: Plan): Promise<void> {
    await this.db
      .insertInto('plans')
      .values(toRow(plan))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }

  async get(id: string): Promise<Plan | undefined> {
    const row = await this.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPlan(row);
  }

  async getByCode(code: string): Promise<Plan | undefined> {
    const row = await this.db.selectFrom('plans').selectAll().where('code', '=', code).executeTakeFirst();
    return row && toPlan(row);
  }

  /** Every plan, cheapest first; only active ones unless `all`. */
  async list(all: boolean): Promise<Plan[]> {
    let q = this.db.selectFrom('plans').selectAll().orderBy('price_cents').orderBy('code');
    if (!all) q = q.where('active', '=', 1);
    return (await q.execute()).map(toPlan);
  }

  async update(plan: Plan): Promise<void> {
    const { id, created_at: _created, ...rest } = toRow(plan);
    await this.db.updateTable('plans').set(rest).where('id', '=', id).execute();
  }
}
