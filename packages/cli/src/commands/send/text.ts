import type { Command } from 'commander';
import { apiCommand, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type SendFlags, sendFlags, sendMessage, WAIT_HELP } from './send-flow.js';

export { WAIT_STATUSES } from './send-flow.js';

export interface SendTextOptions extends SendFlags {
  text?: string;
  /** The id (msg_…) of a message this one replies to. */
  replyTo?: string;
}

export async function run(options: SendTextOptions, ctx: Context): Promise<void> {
  await sendMessage(options, ctx, async () => ({
    type: 'text',
    text: await valueOrPrompt(ctx, options.text, { flag: '--text', message: 'Text' }),
    ...(options.replyTo && { reply_to: options.replyTo }),
  }));
}

export function command(ctx: Context): Command {
  const cmd = sendFlags(apiCommand('text', 'send a text message'))
    .option('--text <text>', 'message text')
    .option('--reply-to <id>', 'reply to (quote) this message (msg_…)')
    .action((options: SendTextOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw send text --session ses_123 --to +15551234567 --text "Hello"',
    'wagw send text --session ses_123 --to +15551234567 --text "Hi" --wait delivered',
    'wagw send text --to +15551234567 --text "Happy new year" --at 2027-01-01T00:00:00+01:00',
    'wagw send text --to +15551234567 --text "Reminder: call at 3" --at 2h',
    'wagw send text --session ses_123 --to +15551234567 --text "Order 42 shipped" --idempotency-key order-42 --json',
  ).addHelpText('after', WAIT_HELP);
}
