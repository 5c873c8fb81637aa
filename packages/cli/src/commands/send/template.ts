import type { Command } from 'commander';
import { apiCommand, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { type SendFlags, sendFlags, sendMessage, WAIT_HELP } from './send-flow.js';

export interface SendTemplateOptions extends SendFlags {
  template?: string;
  /** `name=value` pairs for the placeholders. */
  var?: string[];
  replyTo?: string;
}

/** `--var name=value`, repeatable. */
function collectVar(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function variablesOf(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--var expects name=value; got "${pair}"`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Sends a message from a template, its placeholders filled in from `--var`. */
export async function run(options: SendTemplateOptions, ctx: Context): Promise<void> {
  const variables = variablesOf(options.var ?? []);
  await sendMessage(options, ctx, async () => ({
    type: 'template',
    template_id: await valueOrPrompt(ctx, options.template, {
      flag: '--template',
      message: 'Template (tpl_…)',
    }),
    variables,
    ...(options.replyTo && { reply_to: options.replyTo }),
  }));
}

export function command(ctx: Context): Command {
  const cmd = sendFlags(apiCommand('template', 'send a message from a template, with its variables'))
    .option('--template <id>', 'the template (tpl_…; see wagw templates list)')
    .option('--var <name=value>', 'a placeholder value (repeat for each)', collectVar)
    .option('--reply-to <id>', 'reply to (quote) this message (msg_…)')
    .action((options: SendTemplateOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw send template --to +15551234567 --template tpl_123 --var first_name=Ada --var order=A-1042',
    'wagw send template --to +15551234567 --template tpl_123 --var first_name=Ada --at 1d',
  ).addHelpText('after', WAIT_HELP);
}
