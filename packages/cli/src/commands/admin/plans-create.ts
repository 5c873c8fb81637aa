import type { PlanCreateParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { printPlan } from '../plans/render.js';
import { type PlanFlags, planFields, withPlanFlags } from './plan-flags.js';

export interface CreatePlanOptions extends ApiFlags, PlanFlags {
  code: string;
}

const REQUIRED: ReadonlyArray<[keyof PlanCreateParams, string]> = [
  ['name', '--name'],
  ['price_cents', '--price-cents'],
  ['currency', '--currency'],
  ['requests_per_minute', '--requests-per-minute'],
  ['max_sessions', '--max-sessions'],
  ['monthly_messages', '--monthly-messages'],
  ['max_webhook_endpoints', '--max-webhooks'],
  ['webhook_deliveries_per_minute', '--webhook-deliveries-per-minute'],
];

export async function run(options: CreatePlanOptions, ctx: Context): Promise<void> {
  const fields = { overage_cents_per_message: null, ...planFields(options), code: options.code };
  const missing = REQUIRED.filter(([field]) => !(field in fields)).map(([, flag]) => flag);
  if (missing.length > 0) throw new UsageError(`missing required option ${missing.join(', ')}`);
  const api = await ctx.api(options);
  printPlan(new Output(ctx, options.json === true), await api.adminPlans.create(fields as PlanCreateParams));
}

export function command(ctx: Context): Command {
  const cmd = withPlanFlags(apiCommand('create', 'create a plan (platform admin)'))
    .argument('<code>', 'the code tenants choose it by (lower case)')
    .action((code: string, options: Omit<CreatePlanOptions, 'code'>) => run({ ...options, code }, ctx));
  return withExamples(
    cmd,
    'wagw admin plans create team --name Team --price-cents 4900 --currency USD --requests-per-minute 100 --max-sessions 5 --monthly-messages 5000 --overage-cents 1 --max-webhooks 5 --webhook-deliveries-per-minute 600 --trial-days 7',
  );
}
