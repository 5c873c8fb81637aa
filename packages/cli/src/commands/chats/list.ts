import type { Chat } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output.js';
import { Output } from '../../output.js';
import { summaryOf } from '../messages/render.js';
import { sessionFor } from '../sessions/use.js';

export interface ListOptions extends ApiFlags {
  session?: string;
  limit?: number;
}

export const CHAT_COLUMNS: readonly Column<Chat>[] = [
  { header: 'CHAT', value: (c) => c.id },
  { header: 'UNREAD', value: (c) => String(c.unread_count) },
  { header: 'LAST', value: (c) => (c.last_message.direction === 'outbound' ? 'out' : 'in') },
  { header: 'TEXT', value: (c) => summaryOf(c.last_message), maxWidth: 40 },
  { header: 'AT', value: (c) => c.last_message.created_at },
];

/** A session's chats, most recent activity first, with their unread counts. */
export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const page = await api.chats.list(
    session,
    options.limit !== undefined ? { limit: options.limit } : undefined,
  );
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(page.data, CHAT_COLUMNS, `No chats in ${session} yet.`);
  if (page.has_more) out.info('(more chats exist; raise --limit)');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', "list a session's chats with their unread counts, latest first")
    .option('--session <id>', 'session id (ses_…)')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw chats list --session ses_123', 'wagw chats list --session ses_123 --json');
}
