import type { Usage } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';
import { periodArg } from './period.js';

export interface AdminUsageOptions extends ApiFlags {
  period?: string;
  limit?: number;
}

const COLUMNS: readonly Column<Usage>[] = [
  { header: 'TENANT', value: (u) => u.tenant_id },
  { header: 'SENT', value: (u) => u.messages_sent },
  { header: 'RECEIVED', value: (u) => u.messages_received },
  { header: 'API CALLS', value: (u) => u.api_calls },
  { header: 'MEDIA BYTES', value: (u) => u.media_bytes },
  { header: 'SESSIONS', value: (u) => u.active_sessions },
];

export async function run(options: AdminUsageOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.usage.listAll({
    ...(options.period !== undefined && { period: options.period }),
    ...(options.limit !== undefined && { limit: options.limit }),
  });
  const data = page.data.map(({ id: _id, ...u }) => u);
  if (out.json) return out.printJson({ data, has_more: page.has_more });
  out.table(data, COLUMNS, 'No tenants.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('usage', "every tenant's usage in a UTC month (platform admin)")
    .option('--period <YYYY-MM>', 'the month (default: the current one)', periodArg)
    .option('--limit <n>', 'how many tenants (1-100, default 20)', integer(1, 100))
    .action((options: AdminUsageOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw admin usage', 'wagw admin usage --period 2026-11 --json');
}
