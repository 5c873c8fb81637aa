import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { watchBroadcast } from './progress.js';
import { printBroadcast } from './render.js';

/** Reattaches to a broadcast: its progress until it is done. */
export async function run(id: string, options: ApiFlags, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  printBroadcast(out, await watchBroadcast(api, id, ctx, out));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('watch', "follow a broadcast's progress until it is done (reattach)")
    .argument('<id>', 'broadcast id (brd_…)')
    .action((id: string, options: ApiFlags) => run(id, options, ctx));
  return withExamples(cmd, 'wagw broadcasts watch brd_123');
}
