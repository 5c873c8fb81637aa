import type { Plan } from './plan-types.js';

type Seed = Omit<Plan, 'id' | 'createdAt' | 'updatedAt' | 'active'>;

/**
 * The plans every instance starts with (seeded when the gateway opens, by code, so a plan an admin
 * changed or archived is never overwritten). Prices are per month in US cents; see docs/plans.md.
 */
export const DEFAULT_PLANS: readonly Seed[] = [
  {
    code: 'free',
    name: 'Free',
    priceCents: 0,
    currency: 'USD',
    requestsPerMinute: 10,
    maxSessions: 1,
    monthlyMessages: 100,
    overageCentsPerMessage: null,
    maxWebhookEndpoints: 1,
    webhookDeliveriesPerMinute: 60,
    trialDays: 0,
  },
  {
    code: 'basic',
    name: 'Basic',
    priceCents: 1900,
    currency: 'USD',
    requestsPerMinute: 50,
    maxSessions: 3,
    monthlyMessages: 1000,
    overageCentsPerMessage: 2,
    maxWebhookEndpoints: 3,
    webhookDeliveriesPerMinute: 300,
    trialDays: 14,
  },
  {
    code: 'pro',
    name: 'Pro',
    priceCents: 7900,
    currency: 'USD',
    requestsPerMinute: 200,
    maxSessions: 10,
    monthlyMessages: 10_000,
    overageCentsPerMessage: 1,
    maxWebhookEndpoints: 10,
    webhookDeliveriesPerMinute: 1200,
    trialDays: 14,
  },
  {
    code: 'enterprise',
    name: 'Enterprise',
    priceCents: 29_900,
    currency: 'USD',
    requestsPerMinute: 1000,
    maxSessions: 50,
    monthlyMessages: null,
    overageCentsPerMessage: null,
    maxWebhookEndpoints: 50,
    webhookDeliveriesPerMinute: 6000,
    trialDays: 14,
  },
];
