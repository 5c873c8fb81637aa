import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSubscription } from '../plans/render.js';
import * as change from './change.js';
import * as subscribe from './subscribe.js';
import * as toggle from './toggle.js';

export async function run(options: ApiFlags, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  printSubscription(new Output(ctx, options.json === true), await api.subscription.get());
}

/** `wagw subscription` shows it; its subcommands change it. */
export function command(ctx: Context): Command {
  const cmd = apiCommand('subscription', "show or change your tenant's plan")
    .action((options: ApiFlags) => run(options, ctx))
    .addCommand(subscribe.command(ctx))
    .addCommand(change.command(ctx))
    .addCommand(toggle.command(ctx, 'cancel'))
    .addCommand(toggle.command(ctx, 'resume'));
  return withExamples(
    cmd,
    'wagw subscription',
    'wagw subscription subscribe basic',
    'wagw subscription change pro',
    'wagw subscription change basic --at-period-end',
    'wagw subscription cancel',
  ) as Command;
}
