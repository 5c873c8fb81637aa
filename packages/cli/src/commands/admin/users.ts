import type { AdminUser } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

const COLUMNS: readonly Column<AdminUser>[] = [
  { header: 'ID', value: (u) => u.id },
  { header: 'EMAIL', value: (u) => u.email, maxWidth: 40 },
  { header: 'KIND', value: (u) => u.kind },
  {
    header: 'TENANTS',
    value: (u) => u.memberships.map((m) => `${m.tenant.name}:${m.role}`).join(','),
    maxWidth: 50,
  },
  { header: 'CREATED', value: (u) => u.created_at },
];

/** Platform admin: every user of the instance with their memberships. */
export async function run(options: ApiFlags & { limit?: number }, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.users.listAll(options.limit !== undefined ? { limit: options.limit } : undefined);
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, COLUMNS, 'No users yet.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('users', 'list every user of the instance (platform admin)')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ApiFlags & { limit?: number }) => run(options, ctx));
  return withExamples(cmd, 'wagw admin users', 'wagw admin users --json');
}
