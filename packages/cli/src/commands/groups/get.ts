import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { GROUP_ARGUMENT, printGroup } from './render.js';

export interface GetOptions extends ApiFlags {
  session?: string;
}

/** One group with its settings and participants. */
export async function run(group: string, options: GetOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const found = await api.groups.get(session, group);
  if (out.json) out.printJson(found);
  else printGroup(out, found);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'get',
    'show a group: its subject, description, settings and participants with roles',
  )
    .argument('<group>', GROUP_ARGUMENT)
    .option('--session <id>', 'session id (ses_…)')
    .action((group: string, options: GetOptions) => run(group, options, ctx));
  return withExamples(
    cmd,
    'wagw groups get 120363012345678901@g.us --session ses_123',
    'wagw groups get 120363012345678901@g.us --session ses_123 --json',
  );
}
