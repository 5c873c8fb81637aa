import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSubscription } from '../plans/render.js';

/** `cancel` and `resume` are one POST each with the same input and output. */
export type ToggleAction = 'cancel' | 'resume';

const DESCRIPTIONS: Record<ToggleAction, string> = {
  cancel: 'cancel at the end of the current period (you keep the plan until then)',
  resume: 'undo a cancellation that has not taken effect',
};

export async function run(options: ApiFlags & { action: ToggleAction }, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const sub = await api.subscription[options.action]();
  printSubscription(new Output(ctx, options.json === true), sub);
}

export function command(ctx: Context, action: ToggleAction): Command {
  const cmd = apiCommand(action, DESCRIPTIONS[action]).action((options: ApiFlags) =>
    run({ ...options, action }, ctx),
  );
  return withExamples(cmd, `wagw subscription ${action}`);
}
