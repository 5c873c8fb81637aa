import { Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';

const cents = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000, description });

/** The plan fields an admin sets (all required on create; any on update, except `code`). */
export const planFields = {
  code: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'Lower-case letters, digits, `-` and `_`; what tenants and the CLI name the plan by.',
    examples: ['pro'],
  }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  price_cents: cents('Price per month, in minor units (cents) of `currency`.'),
  currency: Type.String({
    minLength: 3,
    maxLength: 3,
    description: 'ISO 4217, upper case.',
    examples: ['USD'],
  }),
  requests_per_minute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  max_sessions: Type.Integer({ minimum: 0, maximum: 100_000 }),
  monthly_messages: Nullable(Type.Integer({ minimum: 0, description: 'Null: unlimited.' })),
  overage_cents_per_message: Nullable(
    cents('Price of each message over the quota; null: the quota is a hard limit.'),
  ),
  max_webhook_endpoints: Type.Integer({ minimum: 0, maximum: 10_000 }),
  webhook_deliveries_per_minute: Type.Integer({
    minimum: 1,
    description: 'Documented, not enforced yet (see docs/plans.md).',
  }),
  trial_days: Type.Integer({ minimum: 0, maximum: 365 }),
  active: Type.Boolean({ description: 'False: archived (no new subscribers; existing ones keep it).' }),
};

export const Plan = Type.Object(
  {
    id: Type.String({ examples: ['pln_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    ...planFields,
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Plan' },
);

export const SubscriptionStatusSchema = Type.Union(
  ['trialing', 'active', 'canceled', 'past_due'].map((s) => Type.Literal(s)),
  { $id: 'SubscriptionStatus' },
);

export const Subscription = Type.Object(
  {
    id: Type.String(),
    tenant_id: Type.String(),
    plan_id: Type.String(),
    plan: Type.Ref(Plan),
    status: Type.Ref(SubscriptionStatusSchema),
    current_period_start: Timestamp,
    current_period_end: Timestamp,
    trial_end: NullableTimestamp,
    cancel_at_period_end: Type.Boolean(),
    canceled_at: NullableTimestamp,
    pending_plan_id: Nullable(Type.String({ description: 'The plan that takes over at the period end.' })),
    pending_plan: Nullable(Type.Ref(Plan)),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Subscription' },
);

export const plansSchemas = [Plan, SubscriptionStatusSchema, Subscription];
