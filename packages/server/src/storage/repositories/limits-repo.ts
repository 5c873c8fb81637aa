import type { Mode } from '../../domain/types.js';
import type { Db } from '../database.js';

/** The plan limits that apply to a tenant; none for a tenant without a subscription. */
export interface TenantLimits {
  planId: string;
  requestsPerMinute: number;
  maxSessions: number;
  /** Null: no hard monthly quota (unlimited, or billed as overage). */
  hardMonthlyMessages: number | null;
  maxWebhookEndpoints: number;
  webhookDeliveriesPerMinute: number;
}

/** What the plan enforcement reads: a tenant's limits and what counts against them. */
export class LimitsRepo {
  constructor(private readonly db: Db) {}

  /** The limits of the tenant's subscribed plan; undefined without one, or for the admin tenant. */
  async of(tenantId: string): Promise<TenantLimits | undefined> {
    const row = await this.db
      .selectFrom('subscriptions as s')
      .innerJoin('plans as p', 'p.id', 's.plan_id')
      .innerJoin('tenants as t', 't.id', 's.tenant_id')
      .select([
        'p.id',
        'p.requests_per_minute',
        'p.max_sessions',
        'p.monthly_messages',
        'p.overage_cents_per_message',
        'p.max_webhook_endpoints',
        'p.webhook_deliveries_per_minute',
      ])
      .where('s.tenant_id', '=', tenantId)
      .where('t.is_admin', '=', 0)
      .executeTakeFirst();
    return (
      row && {
        planId: row.id,
        requestsPerMinute: row.requests_per_minute,
        maxSessions: row.max_sessions,
        hardMonthlyMessages: row.overage_cents_per_message === null ? row.monthly_messages : null,
        maxWebhookEndpoints: row.max_webhook_endpoints,
        webhookDeliveriesPerMinute: row.webhook_deliveries_per_minute,
      }
    );
  }

  /** Sessions of one mode that count against the limit (deleted ones do not). */
  async sessions(tenantId: string, mode: Mode): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('mode', '=', mode)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Webhook endpoints of one mode. */
  async webhookEndpoints(tenantId: string, mode: Mode): Promise<number> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('mode', '=', mode)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
