import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { MESSAGE_COLUMNS } from './render.js';

export interface ListOptions extends ApiFlags {
  session?: string;
  limit?: number;
}

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const page = await api.messages.list(
    session,
    options.limit !== undefined ? { limit: options.limit } : undefined,
  );
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(page.data, MESSAGE_COLUMNS, `No messages in ${session} yet.`);
  if (page.has_more) out.info('(more messages exist; raise --limit)');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', "list a session's messages, newest first")
    .option('--session <id>', 'session id (ses_…)')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw messages list --session ses_123',
    'wagw messages list --session ses_123 --limit 5 --json',
  );
}
