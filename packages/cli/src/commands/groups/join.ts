import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { printGroup } from './render.js';

export interface JoinOptions extends ApiFlags {
  session?: string;
}

/** Joins a group by an invite code or link. */
export async function run(code: string, options: JoinOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const group = await api.groups.join(session, code);
  if (out.json) out.printJson(group);
  else printGroup(out, group);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'join',
    'join a group by an invite code or link (the session must be connected; GROUP_INVITE_INVALID when WhatsApp refuses it)',
  )
    .argument('<code-or-link>', 'the invite code, or the whole https://chat.whatsapp.com/… link')
    .option('--session <id>', 'session id (ses_…)')
    .action((code: string, options: JoinOptions) => run(code, options, ctx));
  return withExamples(
    cmd,
    'wagw groups join https://chat.whatsapp.com/AbCdEfGhIjK1234567890 --session ses_123',
    'wagw groups join AbCdEfGhIjK1234567890 --session ses_123 --json',
  );
}
