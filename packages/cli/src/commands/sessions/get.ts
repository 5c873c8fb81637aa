import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSession } from './render.js';

export interface GetOptions extends ApiFlags {
  id: string;
}

export async function run(options: GetOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  printSession(new Output(ctx, options.json === true), await api.sessions.get(options.id));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('get', 'show a session')
    .argument('<id>', 'session id (ses_…)')
    .action((id: string, options: Omit<GetOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw sessions get ses_123', 'wagw sessions get ses_123 --json');
}
