import type { Storage } from '../storage/storage.js';

/**
 * Billing and usage periods are UTC calendar months. A subscription's first period runs from the
 * moment it starts to the end of that month (charged pro rata by time); later ones are whole months.
 */
export function monthOf(ms: number): { start: number; end: number } {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { start, end };
}

/** A subscription period that has ended: what an invoice is made from. */
export interface ClosedPeriod {
  tenantId: string;
  subscriptionId: string;
  /** The plan the tenant was on during the period. */
  planId: string;
  periodStart: number;
  periodEnd: number;
}

/** Runs in the transaction that rolls a subscription over to its next period. */
export type PeriodClosedListener = (tx: Storage, period: ClosedPeriod) => Promise<void>;

/** Usage metric names in `usage_counters`. */
export const USAGE_METRICS = [
  'messages_sent',
  'messages_received',
  'api_calls',
  'media_bytes',
  'active_sessions',
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];
