import type { Tenant } from '@wagw/sdk';
import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../../command-kit.js';
import type { Context } from '../../../context.js';
import { type Column, Output } from '../../../output.js';

export interface ListOptions extends ApiFlags {
  status?: 'active' | 'suspended';
  limit?: number;
}

export const TENANT_COLUMNS: readonly Column<Tenant>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name, maxWidth: 30 },
  { header: 'STATUS', value: (t) => t.status },
  { header: 'SUSPENDED', value: (t) => t.suspended_at ?? '-' },
  { header: 'REASON', value: (t) => t.suspended_reason ?? '-', maxWidth: 40 },
  { header: 'CREATED', value: (t) => t.created_at },
];

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.admin.tenants.list({
    ...(options.status ? { status: options.status } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, TENANT_COLUMNS, 'No tenants.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', 'list every tenant with its status (admin key)')
    .addOption(new Option('--status <status>', 'only these').choices(['active', 'suspended']))
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw admin tenants list', 'wagw admin tenants list --status suspended --json');
}
