import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { GROUP_ARGUMENT } from './render.js';

export interface LeaveOptions extends ApiFlags {
  session?: string;
}

/** Leaves a group; it stays readable (`groups get`, `groups list --include-left`) with `left_at` set. */
export async function run(group: string, options: LeaveOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const left = await api.groups.leave(session, group);
  if (out.json) out.printJson(left);
  else out.line(`Left ${left.id} (${left.subject}).`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'leave',
    'leave a group (the session must be connected); it stays readable with `groups list --include-left`',
  )
    .argument('<group>', GROUP_ARGUMENT)
    .option('--session <id>', 'session id (ses_…)')
    .action((group: string, options: LeaveOptions) => run(group, options, ctx));
  return withExamples(cmd, 'wagw groups leave 120363012345678901@g.us --session ses_123');
}
