import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printTemplate } from './template-body.js';

export interface GetOptions extends ApiFlags {
  id: string;
}

export async function run(options: GetOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const template = await api.templates.get(options.id);
  if (out.json) out.printJson(template);
  else
    printTemplate(out, template, [
      ['mode', template.mode],
      ['created', template.created_at],
      ['updated', template.updated_at],
    ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('get', 'show a message template and its placeholders')
    .argument('<id>', 'template id (tpl_…)')
    .action((id: string, options: ApiFlags) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw templates get tpl_123', 'wagw templates get tpl_123 --json');
}
