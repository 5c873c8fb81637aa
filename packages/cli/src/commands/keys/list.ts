import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { KEY_COLUMNS } from './render.js';

export interface ListOptions extends ApiFlags {
  limit?: number;
}

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.apiKeys.list(options.limit !== undefined ? { limit: options.limit } : undefined);
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, KEY_COLUMNS, 'No API keys.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', "list the tenant's API keys (never their secrets)")
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw keys list', 'wagw keys list --json');
}
