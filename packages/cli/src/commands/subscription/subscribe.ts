import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSubscription } from '../plans/render.js';

export interface SubscribeOptions extends ApiFlags {
  plan: string;
}

export async function run(options: SubscribeOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const sub = await api.subscription.create({ plan: options.plan });
  printSubscription(new Output(ctx, options.json === true), sub);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'subscribe',
    'subscribe to a plan (a trial if the plan has one and you never had one)',
  )
    .argument('<plan>', 'plan code (see wagw plans) or id')
    .action((plan: string, options: ApiFlags) => run({ ...options, plan }, ctx));
  return withExamples(cmd, 'wagw subscription subscribe basic');
}
