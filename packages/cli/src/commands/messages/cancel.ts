import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printMessage } from './render.js';

/** Cancels a scheduled (`wagw send … --at`) or still queued message: it is never sent. */
export async function run(id: string, options: ApiFlags, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  printMessage(new Output(ctx, options.json === true), await api.messages.cancel(id));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('cancel', 'cancel a scheduled or queued message before it is sent')
    .argument('<id>', 'message id (msg_…)')
    .action((id: string, options: ApiFlags) => run(id, options, ctx));
  return withExamples(cmd, 'wagw messages cancel msg_123', 'wagw messages cancel msg_123 --json').addHelpText(
    'after',
    '\nWorks while the message is scheduled, or queued and not yet handed to WhatsApp; later it exits 1 with MESSAGE_NOT_CANCELLABLE.',
  );
}
