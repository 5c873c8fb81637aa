import type { Command } from 'commander';
import { apiCommand, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { sendMessage, WAIT_HELP } from '../send/send-flow.js';
import { type ChangeFlags, changeFlags, sentMessage } from './own-message.js';

export interface EditOptions extends ChangeFlags {
  text?: string;
}

/**
 * Edits a message this session sent (its text, or the caption of an image, video or document),
 * within 15 minutes of sending it. The session and chat are the message's own.
 */
export async function run(id: string, options: EditOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const original = await sentMessage(api, id, 'edited');
  await sendMessage({ ...options, session: original.session_id, to: original.to }, ctx, async () => ({
    type: 'edit',
    message_id: original.id,
    text: await valueOrPrompt(ctx, options.text, { flag: '--text', message: 'New text' }),
  }));
}

export function command(ctx: Context): Command {
  const cmd = changeFlags(
    apiCommand('edit', 'change the text or caption of a message you sent (within 15 minutes)'),
  )
    .argument('<message_id>', 'the message to edit (msg_…)')
    .option('--text <text>', 'the new text (or caption)')
    .action((id: string, options: EditOptions) => run(id, options, ctx));
  return withExamples(
    cmd,
    'wagw messages edit msg_123 --text "See you at 8, not 7"',
    'wagw messages edit msg_123 --text "Fixed" --wait sent --json',
  )
    .addHelpText('after', '\nPrints the edit message; the original then has the new text and edited_at.')
    .addHelpText('after', WAIT_HELP);
}
