import type { WebhookDelivery } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

export interface DeliveriesOptions extends ApiFlags {
  id: string;
  limit?: number;
}

function lastAttempt(delivery: WebhookDelivery): string {
  const attempt = delivery.attempts.at(-1);
  if (!attempt) return '-';
  const result =
    attempt.status_code !== null ? `HTTP ${attempt.status_code}` : (attempt.error ?? 'no response');
  return `${result} in ${attempt.duration_ms}ms`;
}

const COLUMNS: readonly Column<WebhookDelivery>[] = [
  { header: 'ID', value: (d) => d.id },
  { header: 'EVENT', value: (d) => `${d.event_type} ${d.event_id}` },
  { header: 'STATUS', value: (d) => d.status },
  { header: 'ATTEMPTS', value: (d) => d.attempt_count },
  { header: 'LAST ATTEMPT', value: lastAttempt, maxWidth: 40 },
  { header: 'NEXT ATTEMPT', value: (d) => d.next_attempt_at },
];

export async function run(options: DeliveriesOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.webhooks.deliveries(
    options.id,
    options.limit !== undefined ? { limit: options.limit } : undefined,
  );
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, COLUMNS, `No deliveries for ${options.id} yet.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('deliveries', "list an endpoint's deliveries and their attempts, newest first")
    .argument('<id>', 'endpoint id (whk_…)')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((id: string, options: Omit<DeliveriesOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw webhooks deliveries whk_123', 'wagw webhooks deliveries whk_123 --json');
}
