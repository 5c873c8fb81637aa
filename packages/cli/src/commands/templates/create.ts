import type { Command } from 'commander';
import { type ApiFlags, apiCommand, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { BODY_HELP, type BodyFlags, bodyFromFlags, printTemplate } from './template-body.js';

export interface CreateOptions extends ApiFlags, BodyFlags {
  name?: string;
}

export async function run(options: CreateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  let body = bodyFromFlags(options);
  if (body === undefined && !ctx.stdinIsTTY) {
    throw new UsageError('missing the body: give --text, or --type with --media, or --body');
  }
  const name = await valueOrPrompt(ctx, options.name, { flag: '--name', message: 'Template name' });
  body ??= {
    type: 'text',
    text: await valueOrPrompt(ctx, undefined, { flag: '--text', message: 'Text ({{name}} placeholders)' }),
  };
  const api = await ctx.api(options);
  const template = await api.templates.create({ name, body });
  if (out.json) out.printJson(template);
  else printTemplate(out, template, [['mode', template.mode]]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('create', `create a message template (${BODY_HELP})`)
    .option('--name <name>', 'a name, unique in the tenant')
    .option('--text <text>', 'the text of a text template')
    .option('--type <type>', 'text (default), image, video or document')
    .option('--media <med_…|url>', 'the file of an image, video or document template: a media id or a URL')
    .option('--caption <text>', 'the caption of an image, video or document template')
    .option('--body <json>', 'the whole body as JSON, instead of the flags above')
    .action((options: CreateOptions) => run(options, ctx));
  return withExamples(
    cmd,
    `wagw templates create --name order_shipped --text "Hi {{first_name}}, order {{order}} has shipped."`,
    `wagw templates create --name promo --type image --media med_123 --caption "{{discount}} off today"`,
    `wagw templates create --name brochure --body '{"type":"document","media":{"url":"https://example.com/b.pdf"}}' --json`,
  );
}
