import type { Member } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

export const MEMBER_COLUMNS: readonly Column<Member>[] = [
  { header: 'USER', value: (m) => m.user_id },
  { header: 'EMAIL', value: (m) => m.email, maxWidth: 40 },
  { header: 'NAME', value: (m) => m.name, maxWidth: 30 },
  { header: 'ROLE', value: (m) => m.role },
  { header: 'SINCE', value: (m) => m.created_at },
];

export async function run(options: ApiFlags & { limit?: number }, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.members.list(options.limit !== undefined ? { limit: options.limit } : undefined);
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, MEMBER_COLUMNS, 'No members. Invite one: wagw members invite <email>');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', "list the tenant's members and their roles")
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ApiFlags & { limit?: number }) => run(options, ctx));
  return withExamples(cmd, 'wagw members list', 'wagw members list --json');
}
