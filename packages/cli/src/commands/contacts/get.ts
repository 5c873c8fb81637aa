import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { printContact } from './render.js';

export interface GetOptions extends ApiFlags {
  session?: string;
}

/** One contact, by phone number or LID. */
export async function run(contact: string, options: GetOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const found = await api.contacts.get(session, contact);
  if (out.json) out.printJson(found);
  else printContact(out, found);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('get', 'show a contact: its phone number, LID, name and whether it is blocked')
    .argument('<contact>', 'a phone number (+447700900123) or a LID (…@lid)')
    .option('--session <id>', 'session id (ses_…)')
    .action((contact: string, options: GetOptions) => run(contact, options, ctx));
  return withExamples(
    cmd,
    'wagw contacts get +447700900123 --session ses_123',
    'wagw contacts get 112233445566778@lid --session ses_123 --json',
  );
}
