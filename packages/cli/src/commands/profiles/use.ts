import type { Command } from 'commander';
import { leafCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';

/** Makes a saved profile the current one (what commands use without --profile or $WAGW_PROFILE). */
export async function run(name: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  if (!ctx.config.use) throw new UsageError('this configuration store has no profiles');
  await ctx.config.use(name);
  if (out.json) out.printJson({ current: name });
  else out.line(`Now using profile ${name}.`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('use', 'make a saved profile the current one')
    .argument('<name>', 'the profile')
    .action((name: string, options: { json?: boolean }) => run(name, options, ctx));
  return withExamples(cmd, 'wagw profiles use work');
}
