import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSubscription } from '../plans/render.js';

export interface SetPlanOptions extends ApiFlags {
  tenant: string;
  plan: string;
}

export async function run(options: SetPlanOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const sub = await api.adminPlans.setTenantPlan(options.tenant, options.plan);
  printSubscription(new Output(ctx, options.json === true), sub);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('set-plan', 'put a tenant on a plan now (platform admin; audited)')
    .argument('<tenant>', 'tenant id (ten_…)')
    .argument('<plan>', 'plan code or id')
    .action((tenant: string, plan: string, options: ApiFlags) => run({ ...options, tenant, plan }, ctx));
  return withExamples(cmd, 'wagw admin tenants set-plan ten_123 pro');
}
