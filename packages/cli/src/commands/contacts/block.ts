import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface BlockOptions extends ApiFlags {
  session?: string;
}

/** Blocks (`blocked: true`) or unblocks a contact through a connected session. */
export async function run(
  contact: string,
  blocked: boolean,
  options: BlockOptions,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const result = blocked
    ? await api.contacts.block(session, contact)
    : await api.contacts.unblock(session, contact);
  if (out.json) out.printJson(result);
  else out.line(`${blocked ? 'Blocked' : 'Unblocked'} ${result.id}.`);
}

/** `wagw contacts block` and `wagw contacts unblock`. */
export function command(ctx: Context, blocked: boolean): Command {
  const name = blocked ? 'block' : 'unblock';
  const cmd = apiCommand(
    name,
    blocked
      ? 'block a contact: WhatsApp stops delivering its messages (the session must be connected)'
      : 'unblock a contact (the session must be connected)',
  )
    .argument('<contact>', 'a phone number (+447700900123) or a LID (…@lid)')
    .option('--session <id>', 'session id (ses_…)')
    .action((contact: string, options: BlockOptions) => run(contact, blocked, options, ctx));
  return withExamples(cmd, `wagw contacts ${name} +447700900123 --session ses_123`);
}
