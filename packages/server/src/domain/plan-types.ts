/** A plan: its price and the limits it sets on a tenant. */
export interface Plan {
  id: string;
  code: string;
  name: string;
  /** Per month, in minor units (cents) of `currency`. */
  priceCents: number;
  currency: string;
  requestsPerMinute: number;
  maxSessions: number;
  /** Null: unlimited. */
  monthlyMessages: number | null;
  /** Price of each message over `monthlyMessages`; null: the quota is a hard limit. */
  overageCentsPerMessage: number | null;
  maxWebhookEndpoints: number;
  webhookDeliveriesPerMinute: number;
  trialDays: number;
  /** Archived plans (false) take no new subscribers; existing ones keep them. */
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export type SubscriptionStatus = 'trialing' | 'active' | 'canceled' | 'past_due';

/** A tenant's subscription to a plan (at most one per tenant). */
export interface Subscription {
  id: string;
  tenantId: string;
  planId: string;
  status: SubscriptionStatus;
  currentPeriodStart: number;
  currentPeriodEnd: number;
  /** When the trial ends (trialing) or ended: set once a tenant has had its trial. */
  trialEnd: number | null;
  cancelAtPeriodEnd: boolean;
  /** The plan that takes over at the period end. */
  pendingPlanId: string | null;
  canceledAt: number | null;
  createdAt: number;
  updatedAt: number;
}
