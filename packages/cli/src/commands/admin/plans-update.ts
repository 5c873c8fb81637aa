import type { PlanUpdateParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { printPlan } from '../plans/render.js';
import { type PlanFlags, planFields, withPlanFlags } from './plan-flags.js';

export interface UpdatePlanOptions extends ApiFlags, PlanFlags {
  plan: string;
  archive?: boolean;
  unarchive?: boolean;
}

export async function run(options: UpdatePlanOptions, ctx: Context): Promise<void> {
  const fields: PlanUpdateParams = {
    ...planFields(options),
    ...(options.archive && { active: false }),
    ...(options.unarchive && { active: true }),
  };
  if (Object.keys(fields).length === 0) throw new UsageError('nothing to change: give at least one option');
  const api = await ctx.api(options);
  printPlan(new Output(ctx, options.json === true), await api.adminPlans.update(options.plan, fields));
}

export function command(ctx: Context): Command {
  const cmd = withPlanFlags(
    apiCommand('update', 'change a plan; --archive stops new subscriptions (platform admin)'),
  )
    .argument('<plan>', 'plan code or id')
    .option('--archive', 'archive: existing subscribers keep it, nobody new can choose it')
    .option('--unarchive', 'make an archived plan available again')
    .action((plan: string, options: Omit<UpdatePlanOptions, 'plan'>) => run({ ...options, plan }, ctx));
  return withExamples(
    cmd,
    'wagw admin plans update pro --requests-per-minute 300',
    'wagw admin plans update basic --archive',
  );
}
