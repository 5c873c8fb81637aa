import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface ReadOptions extends ApiFlags {
  session?: string;
}

/** Marks a chat read: its unread count becomes 0, and a connected session sends read receipts. */
export async function run(chat: string, options: ReadOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const marked = await api.chats.markRead(session, chat);
  if (out.json) out.printJson(marked);
  else out.line(`Marked ${marked.id} read.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('read', 'mark a chat read (and send read receipts, when the session is connected)')
    .argument('<chat>', 'the other party: a phone number or a LID (…@lid)')
    .option('--session <id>', 'session id (ses_…)')
    .action((chat: string, options: ReadOptions) => run(chat, options, ctx));
  return withExamples(cmd, 'wagw chats read +14155550100 --session ses_123');
}
