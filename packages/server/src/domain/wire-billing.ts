import type { DurationStats } from '../storage/repositories/analytics-repo.js';
import type { Daily, Delivery, Failures, Overview } from './analytics-service.js';
import { type Invoice, invoiceDisplayNumber } from './billing-types.js';
import type { TenantUsage } from './usage-service.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
const range = (r: { from: number; to: number; sessionId: string | null }) => ({
  from: iso(r.from),
  to: iso(r.to),
  session_id: r.sessionId,
});
const durations = (d: DurationStats) => ({
  count: d.count,
  avg_ms: d.avgMs,
  p50_ms: d.p50Ms,
  p90_ms: d.p90Ms,
});

/** The public shapes of usage, invoices and analytics (snake_case, ISO times). */
export const wireBilling = {
  usage: (u: TenantUsage) => ({
    tenant_id: u.tenantId,
    period: iso(u.periodStart).slice(0, 7),
    period_start: iso(u.periodStart),
    period_end: iso(u.periodEnd),
    messages_sent: u.messagesSent,
    messages_received: u.messagesReceived,
    api_calls: u.apiCalls,
    media_bytes: u.mediaBytes,
    active_sessions: u.activeSessions,
  }),

  invoice: (i: Invoice) => ({
    id: i.id,
    tenant_id: i.tenantId,
    number: invoiceDisplayNumber(i.number),
    sequence: i.number,
    period_start: iso(i.periodStart),
    period_end: iso(i.periodEnd),
    plan_id: i.planId,
    currency: i.currency,
    subtotal_cents: i.subtotalCents,
    total_cents: i.totalCents,
    status: i.status,
    issued_at: iso(i.issuedAt),
    paid_at: isoOrNull(i.paidAt),
    voided_at: isoOrNull(i.voidedAt),
    payment_provider: i.paymentProvider,
    payment_reference: i.paymentReference,
    lines: i.lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      unit_cents: l.unitCents,
      amount_cents: l.amountCents,
    })),
  }),

  overview: (o: Overview) => ({
    ...range(o),
    messages_by_status: o.byStatus,
    messages_by_direction: o.byDirection,
    active_sessions: o.activeSessions,
    api_calls: o.apiCalls,
  }),

  delivery: (d: Delivery) => ({
    ...range(d),
    outbound: d.outbound,
    delivered: d.delivered,
    read: d.read,
    delivery_rate: d.deliveryRate,
    read_rate: d.readRate,
    time_to_delivered: durations(d.timeToDelivered),
    time_to_read: durations(d.timeToRead),
  }),

  failures: (f: Failures) => ({ ...range(f), total: f.total, by_code: f.byCode }),

  daily: (d: Daily) => ({
    ...range(d),
    days: d.days.map((day) => ({
      date: iso(day.day).slice(0, 10),
      sent: day.sent,
      delivered: day.delivered,
      read: day.read,
      failed: day.failed,
      received: day.received,
    })),
  }),
};
