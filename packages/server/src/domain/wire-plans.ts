import type { Plan } from './plan-types.js';
import type { SubscriptionView } from './subscriptions-service.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** The public shapes of plans and subscriptions (snake_case, ISO times). */
export const wirePlans = {
  plan: (p: Plan) => ({
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
    active: p.active,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  }),

  subscription: ({ subscription: s, plan, pendingPlan }: SubscriptionView) => ({
    id: s.id,
    tenant_id: s.tenantId,
    plan_id: s.planId,
    plan: wirePlans.plan(plan),
    status: s.status,
    current_period_start: iso(s.currentPeriodStart),
    current_period_end: iso(s.currentPeriodEnd),
    trial_end: isoOrNull(s.trialEnd),
    cancel_at_period_end: s.cancelAtPeriodEnd,
    canceled_at: isoOrNull(s.canceledAt),
    pending_plan_id: s.pendingPlanId,
    pending_plan: pendingPlan ? wirePlans.plan(pendingPlan) : null,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  }),
};
