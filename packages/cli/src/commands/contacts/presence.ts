import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface PresenceOptions extends ApiFlags {
  session?: string;
}

/** Subscribes the session to a contact's presence (it comes as presence.updated events). */
export async function run(contact: string, options: PresenceOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const result = await api.profiles.subscribePresence(session, contact);
  if (out.json) {
    out.printJson(result);
    return;
  }
  out.line(`subscribed to ${result.contact.phone ?? result.contact.lid}'s presence`);
  out.info(`watch it with: wagw listen --session ${session} --events presence.updated`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('presence', "subscribe to a contact's presence (online, last seen, typing)")
    .argument('<contact>', 'a phone number (+447700900123) or a LID (…@lid)')
    .option('--session <id>', 'session id (ses_…)')
    .action((contact: string, options: PresenceOptions) => run(contact, options, ctx));
  return withExamples(cmd, 'wagw contacts presence +447700900123 && wagw listen --events presence.updated');
}
