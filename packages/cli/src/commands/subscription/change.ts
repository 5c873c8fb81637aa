import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSubscription } from '../plans/render.js';

export interface ChangeOptions extends ApiFlags {
  plan: string;
  atPeriodEnd?: boolean;
  now?: boolean;
}

export async function run(options: ChangeOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const at = options.atPeriodEnd ? 'period_end' : options.now ? 'now' : undefined;
  const sub = await api.subscription.change({ plan: options.plan, ...(at && { at }) });
  printSubscription(new Output(ctx, options.json === true), sub);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('change', 'change plan: upgrades apply now, downgrades at the period end')
    .argument('<plan>', 'plan code (see wagw plans) or id')
    .option('--at-period-end', 'apply at the end of the current period')
    .option('--now', 'apply now (the current period closes now)')
    .action((plan: string, options: Omit<ChangeOptions, 'plan'>) => run({ ...options, plan }, ctx));
  return withExamples(cmd, 'wagw subscription change pro', 'wagw subscription change basic --at-period-end');
}
