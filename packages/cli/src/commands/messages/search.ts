import type { MessageListParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { MESSAGE_COLUMNS } from './render.js';

export interface SearchOptions extends ApiFlags {
  session?: string;
  chat?: string;
  direction?: 'inbound' | 'outbound';
  status?: string;
  type?: string;
  since?: string;
  until?: string;
  /** At most this many (default 20); `--all` pages through every match. */
  limit?: number;
  all?: boolean;
}

/**
 * Finds a session's messages by words of their text (full-text search on the server) and/or by
 * chat, direction, status, type and time, newest first.
 */
export async function run(words: string[], options: SearchOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const query = words.join(' ').trim();
  const params: MessageListParams = {
    ...(query !== '' && { q: query }),
    ...(options.chat && { chat: options.chat }),
    ...(options.direction && { direction: options.direction }),
    ...(options.status && { status: options.status as NonNullable<MessageListParams['status']> }),
    ...(options.type && { type: options.type }),
    ...(options.since && { since: options.since }),
    ...(options.until && { until: options.until }),
  };
  const pages = api.messages.list(session, { ...params, limit: options.all ? 100 : (options.limit ?? 20) });
  let data: Awaited<typeof pages>['data'];
  let hasMore = false;
  if (options.all) {
    data = [];
    for await (const message of pages) data.push(message);
  } else {
    const page = await pages;
    data = page.data;
    hasMore = page.has_more;
  }
  if (out.json) {
    out.printJson({ data, has_more: hasMore });
    return;
  }
  out.table(data, MESSAGE_COLUMNS, 'No messages match.');
  if (hasMore) out.info('(more match; raise --limit or pass --all)');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('search', "find a session's messages by words and filters, newest first")
    .argument('[words...]', 'words every match has in its text (whole words, any case)')
    .option('--session <id>', 'session id (ses_…)')
    .option('--chat <phone>', 'only the chat with this number')
    .addOption(new Option('--direction <dir>', 'inbound or outbound').choices(['inbound', 'outbound']))
    .option('--status <status>', 'queued, sent, delivered, read, failed, received')
    .option('--type <type>', 'message type (text, …)')
    .option('--since <time>', 'created at or after (ISO 8601, e.g. 2026-12-01)')
    .option('--until <time>', 'created before (ISO 8601)')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .option('--all', 'every match (pages through all of them)')
    .action((words: string[], options: SearchOptions) => run(words, options, ctx));
  return withExamples(
    cmd,
    'wagw messages search invoice --session ses_123',
    'wagw messages search --session ses_123 --chat +14155550100 --since 2026-12-01 --all --json',
  );
}
