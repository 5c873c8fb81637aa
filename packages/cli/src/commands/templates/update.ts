import type { TemplateUpdateParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { BODY_HELP, type BodyFlags, bodyFromFlags, printTemplate } from './template-body.js';

export interface UpdateOptions extends ApiFlags, BodyFlags {
  id: string;
  name?: string;
}

/** The PATCH body the flags ask for: a new name, a new body (whole), or both. */
export function changes(options: UpdateOptions): TemplateUpdateParams {
  const body = bodyFromFlags(options);
  const patch: TemplateUpdateParams = {
    ...(options.name !== undefined && { name: options.name }),
    ...(body !== undefined && { body }),
  };
  if (Object.keys(patch).length === 0) {
    throw new UsageError(
      'nothing to change: give --name, or a new body (--text, --type/--media/--caption, --body).',
    );
  }
  return patch;
}

export async function run(options: UpdateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const patch = changes(options);
  const api = await ctx.api(options);
  const template = await api.templates.update(options.id, patch);
  if (out.json) out.printJson(template);
  else printTemplate(out, template, [['updated', template.updated_at]]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('update', `rename a template or replace its body (${BODY_HELP})`)
    .argument('<id>', 'template id (tpl_…)')
    .option('--name <name>', 'a new name')
    .option('--text <text>', 'a new text (the body is replaced whole)')
    .option('--type <type>', 'text (default), image, video or document')
    .option('--media <med_…|url>', 'the file of an image, video or document template')
    .option('--caption <text>', 'the caption of an image, video or document template')
    .option('--body <json>', 'the whole new body as JSON')
    .action((id: string, options: Omit<UpdateOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw templates update tpl_123 --name order_shipped_v2',
    `wagw templates update tpl_123 --text "Hello {{first_name}}, {{order}} is on its way."`,
  );
}
