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
  const result = await api.templates.delete(options.id);
  if (out.json) out.printJson(result);
  else out.line(`Deleted template ${result.id}.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('delete', 'delete a message template')
    .argument('<id>', 'template id (tpl_…)')
    .action((id: string, options: ApiFlags) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw templates delete tpl_123');
}
