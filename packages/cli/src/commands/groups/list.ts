import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { GROUP_COLUMNS } from './render.js';

export interface ListOptions extends ApiFlags {
  session?: string;
  limit?: number;
  includeLeft?: boolean;
}

/** The groups a session is in, by id; with `--include-left` also those it left. */
export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const page = await api.groups.list(session, {
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.includeLeft === true && { include_left: true }),
  });
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(page.data, GROUP_COLUMNS, `${session} is in no groups${options.includeLeft ? '' : ' now'}.`);
  if (page.has_more) out.info('(more groups exist; raise --limit)');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', "list a session's groups (id, subject, members, settings)")
    .option('--session <id>', 'session id (ses_…)')
    .option('--include-left', 'also the groups the session left or was removed from')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw groups list --session ses_123',
    'wagw groups list --session ses_123 --include-left --json',
  );
}
