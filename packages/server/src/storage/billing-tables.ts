import type { Generated } from 'kysely';
import type { Flag, Millis } from './column-types.js';

/** The tables of plans, subscriptions, usage, invoices and rate-limit windows (see `database.ts`). */

export interface PlansTable {
  id: string;
  code: string;
  name: string;
  /** Per billing period (a month), in minor units of `currency`. */
  price_cents: number;
  currency: string;
  requests_per_minute: number;
  max_sessions: number;
  /** Null: unlimited. */
  monthly_messages: number | null;
  /** Price of each message over `monthly_messages`; null: the quota is a hard limit. */
  overage_cents_per_message: number | null;
  max_webhook_endpoints: number;
  webhook_deliveries_per_minute: number;
  trial_days: number;
  active: Flag;
  created_at: Millis;
  updated_at: Millis;
}

export interface SubscriptionsTable {
  id: string;
  tenant_id: string;
  plan_id: string;
  status: 'trialing' | 'active' | 'canceled' | 'past_due';
  current_period_start: Millis;
  current_period_end: Millis;
  trial_end: Millis | null;
  cancel_at_period_end: Flag;
  /** A downgrade (or upgrade) that takes effect at the period end. */
  pending_plan_id: string | null;
  canceled_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface UsageCountersTable {
  tenant_id: string;
  period_start: Millis;
  metric: string;
  value: number;
}

export interface InvoicesTable {
  id: string;
  tenant_id: string;
  /** Sequential across the instance. */
  number: number;
  period_start: Millis;
  period_end: Millis;
  plan_id: string | null;
  currency: string;
  subtotal_cents: number;
  total_cents: number;
  status: 'open' | 'paid' | 'void';
  issued_at: Millis;
  paid_at: Millis | null;
  voided_at: Millis | null;
  payment_provider: string | null;
  payment_reference: string | null;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: string;
  kind: 'plan' | 'overage';
  description: string;
  quantity: number;
  unit_cents: number;
  amount_cents: number;
}

export interface RateLimitWindowsTable {
  key: string;
  window_start: Millis;
  count: number;
}
