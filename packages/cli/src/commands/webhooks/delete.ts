import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface DeleteOptions extends ApiFlags {
  id: string;
}

export async function run(options: DeleteOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const result = await api.webhooks.delete(options.id);
  if (out.json) out.printJson(result);
  else out.line(`Deleted webhook endpoint ${result.id}.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('delete', 'delete a webhook endpoint')
    .argument('<id>', 'endpoint id (whk_…)')
    .action((id: string, options: ApiFlags) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw webhooks delete whk_123');
}
