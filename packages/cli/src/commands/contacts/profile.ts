import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface ProfileOptions extends ApiFlags {
  session?: string;
}

/** What a contact shows the session: its about and picture. */
export async function run(contact: string, options: ProfileOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const profile = await api.profiles.contact(await sessionFor(ctx, options.session), contact);
  if (out.json) {
    out.printJson(profile);
    return;
  }
  out.fields([
    ['phone', profile.contact.phone],
    ['lid', profile.contact.lid],
    ['about', profile.about],
    ['about set', profile.about_set_at],
    ['picture', profile.picture_url],
  ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('profile', "show a contact's about and picture (asked of WhatsApp)")
    .argument('<contact>', 'a phone number (+447700900123) or a LID (…@lid)')
    .option('--session <id>', 'session id (ses_…)')
    .action((contact: string, options: ProfileOptions) => run(contact, options, ctx));
  return withExamples(
    cmd,
    'wagw contacts profile +447700900123',
    'wagw contacts profile +447700900123 --json',
  );
}
