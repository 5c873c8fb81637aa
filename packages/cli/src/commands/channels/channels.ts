import type { Channel } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface ChannelOptions extends ApiFlags {
  session?: string;
  limit?: number;
  description?: string;
}

const COLUMNS: readonly Column<Channel>[] = [
  { header: 'ID', value: (c) => c.id },
  { header: 'NAME', value: (c) => c.name, maxWidth: 32 },
  { header: 'ROLE', value: (c) => c.role },
  { header: 'SUBSCRIBERS', value: (c) => c.subscribers },
];

function print(out: Output, channel: Channel): void {
  if (out.json) {
    out.printJson(channel);
    return;
  }
  out.fields([
    ['id', channel.id],
    ['name', channel.name],
    ['description', channel.description],
    ['role', channel.role],
    ['subscribers', channel.subscribers],
    ['link', channel.invite_url],
    ['verified', channel.verified],
  ]);
}

export async function list(options: ChannelOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const page = await api.channels.list(session, options.limit !== undefined ? { limit: options.limit } : {});
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(page.data, COLUMNS, `${session} follows and owns no channels yet.`);
  if (page.has_more) out.info('(more channels exist; raise --limit)');
}

/** `get`, `follow`, `unfollow` of one channel, and `create`. */
export async function one(
  action: 'get' | 'follow' | 'unfollow' | 'create',
  value: string,
  options: ChannelOptions,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const channel =
    action === 'create'
      ? await api.channels.create(session, {
          name: value,
          ...(options.description !== undefined && { description: options.description }),
        })
      : await api.channels[action](session, value);
  print(out, channel);
  if (action === 'create') out.info(`post to it: wagw send text --to ${channel.id} --text "…"`);
}

export function commands(ctx: Context): Command[] {
  const session = (cmd: Command) => cmd.option('--session <id>', 'session id (ses_…)');
  const ref = '<channel>';
  const refHelp = 'a channel id (…@newsletter), or its invite code or https://whatsapp.com/channel/… link';
  return [
    withExamples(
      session(apiCommand('list', 'list the channels the session follows or owns'))
        .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
        .action((options: ChannelOptions) => list(options, ctx)),
      'wagw channels list',
    ),
    withExamples(
      session(apiCommand('get', 'show a channel (asked of WhatsApp)'))
        .argument(ref, refHelp)
        .action((value: string, options: ChannelOptions) => one('get', value, options, ctx)),
      'wagw channels get https://whatsapp.com/channel/0029VaAbCdEf',
    ),
    withExamples(
      session(apiCommand('create', 'create a channel the session owns'))
        .argument('<name>', 'its name (1-100 characters)')
        .option('--description <text>', 'what it is about')
        .action((value: string, options: ChannelOptions) => one('create', value, options, ctx)),
      'wagw channels create "Release notes" --description "What shipped this week"',
    ),
    withExamples(
      session(apiCommand('follow', 'follow a channel'))
        .argument(ref, refHelp)
        .action((value: string, options: ChannelOptions) => one('follow', value, options, ctx)),
      'wagw channels follow 120363012345678901@newsletter',
    ),
    withExamples(
      session(apiCommand('unfollow', 'stop following a channel'))
        .argument(ref, refHelp)
        .action((value: string, options: ChannelOptions) => one('unfollow', value, options, ctx)),
      'wagw channels unfollow 120363012345678901@newsletter',
    ),
  ];
}
