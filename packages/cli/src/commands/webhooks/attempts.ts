import type { WebhookDelivery, WebhookDeliveryAttempt } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

export interface AttemptsOptions extends ApiFlags {
  id: string;
  /** Deliveries to look at (newest first); each brings all its attempts. */
  limit?: number;
  /** Only the attempts of this event. */
  event?: string;
}

type Row = { delivery: WebhookDelivery; attempt: WebhookDeliveryAttempt };

const COLUMNS: readonly Column<Row>[] = [
  { header: 'DELIVERY', value: (r) => r.delivery.id },
  { header: 'EVENT', value: (r) => `${r.delivery.event_type} ${r.delivery.event_id}` },
  { header: '#', value: (r) => r.attempt.attempt },
  { header: 'AT', value: (r) => r.attempt.created_at },
  { header: 'ANSWER', value: (r) => (r.attempt.status_code === null ? '-' : r.attempt.status_code) },
  { header: 'MS', value: (r) => r.attempt.duration_ms },
  { header: 'ERROR', value: (r) => r.attempt.error, maxWidth: 50 },
];

/** Every attempt of an endpoint's latest deliveries, one row each, newest delivery first. */
export async function run(options: AttemptsOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.webhooks.deliveries(
    options.id,
    options.limit !== undefined ? { limit: options.limit } : undefined,
  );
  const rows = page.data
    .filter((d) => options.event === undefined || d.event_id === options.event)
    .flatMap((delivery) => delivery.attempts.map((attempt) => ({ delivery, attempt })));
  if (out.json) {
    out.printJson({
      data: rows.map((r) => ({
        delivery_id: r.delivery.id,
        event_id: r.delivery.event_id,
        event_type: r.delivery.event_type,
        delivery_status: r.delivery.status,
        ...r.attempt,
      })),
      has_more: page.has_more,
    });
    return;
  }
  out.table(
    rows,
    COLUMNS,
    `No attempts for ${options.id}${options.event ? ` and ${options.event}` : ''} yet.`,
  );
  const pending = page.data.filter((d) => d.status === 'pending' && d.next_attempt_at);
  for (const d of pending) out.info(`${d.id}: next attempt at ${d.next_attempt_at}`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'attempts',
    "every attempt of an endpoint's latest deliveries: answer, duration, error",
  )
    .argument('<id>', 'endpoint id (whk_…)')
    .option(
      '--limit <n>',
      'how many deliveries (1-100, default 20), each with all its attempts',
      integer(1, 100),
    )
    .option('--event <id>', 'only the attempts of this event (evt_…)')
    .action((id: string, options: Omit<AttemptsOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw webhooks attempts whk_123',
    'wagw webhooks attempts whk_123 --event evt_456 --json',
  );
}
