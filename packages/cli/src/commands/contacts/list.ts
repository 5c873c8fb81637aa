import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { CONTACT_COLUMNS } from './render.js';

export interface ListOptions extends ApiFlags {
  session?: string;
  limit?: number;
  search?: string;
}

/** A session's contacts by phone number (then LID), optionally filtered by part of a number or name. */
export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const page = await api.contacts.list(session, {
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.search !== undefined && { q: options.search }),
  });
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(page.data, CONTACT_COLUMNS, `No contacts in ${session}${options.search ? ' match' : ' yet'}.`);
  if (page.has_more) out.info('(more contacts exist; raise --limit)');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', "list a session's contacts (phone, LID, name, blocked)")
    .option('--session <id>', 'session id (ses_…)')
    .option('--search <text>', 'only contacts whose phone number or name contains this')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw contacts list --session ses_123',
    'wagw contacts list --session ses_123 --search ada --json',
  );
}
