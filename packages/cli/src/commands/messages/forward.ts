import type { Command } from 'commander';
import { apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { sendMessage, WAIT_HELP } from '../send/send-flow.js';
import { type ChangeFlags, changeFlags } from './own-message.js';

export interface ForwardOptions extends ChangeFlags {
  to?: string;
}

/** Sends a copy of any message of a session (sent or received, any chat) to another chat. */
export async function run(id: string, options: ForwardOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const original = await api.messages.get(id);
  await sendMessage({ ...options, session: original.session_id }, ctx, async () => ({
    type: 'forward',
    message_id: original.id,
  }));
}

export function command(ctx: Context): Command {
  const cmd = changeFlags(apiCommand('forward', 'send a copy of a message to another chat'))
    .argument('<message_id>', 'the message to forward (msg_…), sent or received')
    .option(
      '--to <phone>',
      'recipient: E.164 with + (e.g. +15551234567), a group id (…@g.us) or an owned channel (…@newsletter)',
    )
    .action((id: string, options: ForwardOptions) => run(id, options, ctx));
  return withExamples(
    cmd,
    'wagw messages forward msg_123 --to +15557654321',
    'wagw messages forward msg_123 --to +15557654321 --wait delivered --json',
  )
    .addHelpText('after', '\nThe copy has the original\'s type (a file is sent again) and "forwarded": true.')
    .addHelpText('after', WAIT_HELP);
}
