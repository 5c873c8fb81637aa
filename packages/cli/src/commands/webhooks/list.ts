import type { WebhookEndpoint } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

export interface ListOptions extends ApiFlags {
  limit?: number;
}

const COLUMNS: readonly Column<WebhookEndpoint>[] = [
  { header: 'ID', value: (w) => w.id },
  { header: 'URL', value: (w) => w.url, maxWidth: 50 },
  { header: 'EVENTS', value: (w) => w.events.join(','), maxWidth: 40 },
  { header: 'ENABLED', value: (w) => (w.enabled ? 'yes' : 'no') },
  { header: 'CREATED', value: (w) => w.created_at },
];

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.webhooks.list(options.limit !== undefined ? { limit: options.limit } : undefined);
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, COLUMNS, 'No webhook endpoints. Add one: wagw webhooks create --url <url>');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', 'list webhook endpoints')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw webhooks list', 'wagw webhooks list --json');
}
