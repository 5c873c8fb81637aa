import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { PLAN_COLUMNS } from './render.js';

export async function run(options: ApiFlags, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const plans = await api.plans.list();
  if (out.json) out.printJson(plans);
  else out.table(plans.data, PLAN_COLUMNS, 'No plans.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('plans', 'list the plans you can subscribe to (limits and prices)').action(
    (options: ApiFlags) => run(options, ctx),
  );
  return withExamples(cmd, 'wagw plans', 'wagw plans --json', 'wagw subscription change pro');
}
