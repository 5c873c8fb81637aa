import type { ChatPresenceState } from '@wagw/sdk';
import { Argument, type Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export const PRESENCE_STATES = [
  'typing',
  'recording',
  'paused',
] as const satisfies readonly ChatPresenceState[];

export interface PresenceOptions extends ApiFlags {
  session?: string;
}

const SHOWN: Record<ChatPresenceState, string> = {
  typing: 'typing…',
  recording: 'recording audio…',
  paused: 'nothing (cleared)',
};

/** Shows "typing…" or "recording audio…" to the contact of a chat, or clears it (`paused`). */
export async function run(
  chat: string,
  state: ChatPresenceState,
  options: PresenceOptions,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const presence = await api.chats.setPresence(session, chat, state);
  if (out.json) out.printJson(presence);
  else out.line(`${presence.chat_id} now sees ${SHOWN[presence.state]}`);
}

export function command(ctx: Context): Command {
  const states = new Argument('<state>', 'what the contact sees (recording: audio)').choices(PRESENCE_STATES);
  const cmd = apiCommand('presence', 'show "typing…" or "recording audio…" in a chat, or clear it')
    .argument('<chat>', 'the other party: a phone number or a LID (…@lid)')
    .addArgument(states)
    .option('--session <id>', 'session id (ses_…)')
    .action((chat: string, state: ChatPresenceState, options: PresenceOptions) =>
      run(chat, state, options, ctx),
    );
  return withExamples(
    cmd,
    'wagw chats presence +14155550100 typing --session ses_123',
    'wagw chats presence +14155550100 paused',
  ).addHelpText(
    'after',
    '\nWhatsApp clears it when a message is sent or after some seconds; send it again to keep it.\nThe session must be connected (SESSION_NOT_CONNECTED otherwise).',
  );
}
