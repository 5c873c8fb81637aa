import type { Command } from 'commander';
import { apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode } from '../../errors.js';
import { sendMessage, WAIT_HELP } from '../send/send-flow.js';
import { type ChangeFlags, changeFlags, sentMessage } from './own-message.js';
import { summaryOf } from './render.js';

export interface DeleteOptions extends ChangeFlags {
  /** Delete without asking. */
  yes?: boolean;
}

/**
 * Deletes a message this session sent for everyone in its chat, within 60 hours of sending it.
 * Asks first on a terminal, unless `--yes` or `--json`; never asks off a terminal.
 */
export async function run(id: string, options: DeleteOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const original = await sentMessage(api, id, 'deleted');
  if (!options.yes && !options.json && ctx.stdinIsTTY) {
    const answer = await ctx.prompts.input({
      message: `Delete ${original.id} ("${summaryOf(original)}") for everyone in the chat with ${original.to}? (y/N)`,
      default: 'n',
    });
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new CliError(`not deleted: ${original.id}`, { code: 'CANCELLED', exitCode: ExitCode.cancelled });
    }
  }
  await sendMessage({ ...options, session: original.session_id, to: original.to }, ctx, async () => ({
    type: 'revoke',
    message_id: original.id,
  }));
}

export function command(ctx: Context): Command {
  const cmd = changeFlags(apiCommand('delete', 'delete a message you sent for everyone (within 60 hours)'))
    .argument('<message_id>', 'the message to delete (msg_…)')
    .option('-y, --yes', 'do not ask first')
    .action((id: string, options: DeleteOptions) => run(id, options, ctx));
  return withExamples(cmd, 'wagw messages delete msg_123', 'wagw messages delete msg_123 --yes --wait sent')
    .addHelpText(
      'after',
      '\nSends a deletion (a "revoke" message) and prints it; the original stays in the history with revoked_at.\nAsks first on a terminal unless --yes or --json; exits 2 when you answer no.',
    )
    .addHelpText('after', WAIT_HELP);
}
