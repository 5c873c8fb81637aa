import { Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';

const count = (description?: string) => Type.Integer({ minimum: 0, ...(description && { description }) });

export const Usage = Type.Object(
  {
    tenant_id: Type.String(),
    period: Type.String({ examples: ['2026-11'], description: 'The UTC month.' }),
    period_start: Timestamp,
    period_end: Timestamp,
    messages_sent: count('Outbound messages created in the month (from the messages table).'),
    messages_received: count('Inbound messages received in the month.'),
    api_calls: count('Authenticated API requests (counted in memory, flushed about every second).'),
    media_bytes: count('Media bytes sent and received.'),
    active_sessions: count('Sessions that exist now (not deleted).'),
  },
  { $id: 'Usage' },
);

export const InvoiceLine = Type.Object(
  {
    kind: Type.Union([Type.Literal('plan'), Type.Literal('overage')]),
    description: Type.String(),
    quantity: count(),
    unit_cents: Type.Integer(),
    amount_cents: Type.Integer(),
  },
  { $id: 'InvoiceLine' },
);

export const Invoice = Type.Object(
  {
    id: Type.String({ examples: ['inv_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    tenant_id: Type.String(),
    number: Type.String({ examples: ['WAGW-000123'], description: 'Sequential across the instance.' }),
    sequence: Type.Integer({ minimum: 1, description: 'The number as an integer.' }),
    period_start: Timestamp,
    period_end: Timestamp,
    plan_id: Nullable(Type.String()),
    currency: Type.String({ examples: ['EUR'] }),
    subtotal_cents: Type.Integer(),
    total_cents: Type.Integer(),
    status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('void')]),
    issued_at: Timestamp,
    paid_at: NullableTimestamp,
    voided_at: NullableTimestamp,
    payment_provider: Nullable(Type.String()),
    payment_reference: Nullable(Type.String()),
    lines: Type.Array(Type.Ref(InvoiceLine)),
  },
  { $id: 'Invoice' },
);

const rangeFields = {
  from: Timestamp,
  to: Timestamp,
  session_id: Nullable(Type.String()),
};

export const AnalyticsOverview = Type.Object(
  {
    ...rangeFields,
    messages_by_status: Type.Record(Type.String(), count(), { examples: [{ delivered: 10, failed: 1 }] }),
    messages_by_direction: Type.Object({ outbound: count(), inbound: count() }),
    active_sessions: count(),
    api_calls: count('API calls of the UTC months the range touches (the counter is monthly).'),
  },
  { $id: 'AnalyticsOverview' },
);

const Durations = Type.Object(
  {
    count: count('Outbound messages that reached the status.'),
    avg_ms: Nullable(Type.Integer()),
    p50_ms: Nullable(Type.Integer()),
    p90_ms: Nullable(Type.Integer()),
  },
  { description: 'Time from acceptance (created_at) to the status; nearest-rank percentiles.' },
);

export const AnalyticsDelivery = Type.Object(
  {
    ...rangeFields,
    outbound: count(),
    delivered: count(),
    read: count(),
    delivery_rate: Nullable(Type.Number({ description: 'delivered / outbound; null without outbound.' })),
    read_rate: Nullable(Type.Number({ description: 'read / outbound; null without outbound.' })),
    time_to_delivered: Durations,
    time_to_read: Durations,
  },
  { $id: 'AnalyticsDelivery' },
);

export const AnalyticsFailures = Type.Object(
  {
    ...rangeFields,
    total: count(),
    by_code: Type.Array(Type.Object({ code: Type.String(), count: count() })),
  },
  { $id: 'AnalyticsFailures' },
);

export const AnalyticsDaily = Type.Object(
  {
    ...rangeFields,
    days: Type.Array(
      Type.Object({
        date: Type.String({ examples: ['2026-11-22'], description: 'The UTC day.' }),
        sent: count(),
        delivered: count(),
        read: count(),
        failed: count(),
        received: count(),
      }),
    ),
  },
  { $id: 'AnalyticsDaily' },
);

export const billingSchemas = [
  Usage,
  InvoiceLine,
  Invoice,
  AnalyticsOverview,
  AnalyticsDelivery,
  AnalyticsFailures,
  AnalyticsDaily,
];
