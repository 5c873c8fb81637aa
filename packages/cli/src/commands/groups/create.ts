import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { printGroup } from './render.js';

export interface CreateOptions extends ApiFlags {
  session?: string;
}

/** Creates a group with the session as its superadmin and `phones` as members. */
export async function run(
  subject: string,
  phones: string[],
  options: CreateOptions,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const group = await api.groups.create(session, { subject, participants: phones });
  if (out.json) out.printJson(group);
  else printGroup(out, group);
  if (!out.json)
    out.info(`\nSend to it: wagw send text --session ${session} --to ${group.id} --text "Hello"`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'create',
    'create a group with the session as its superadmin (the session must be connected)',
  )
    .argument('<subject>', "the group's name (1-100 characters)")
    .argument('[phones...]', 'members to add, in international format')
    .option('--session <id>', 'session id (ses_…)')
    .action((subject: string, phones: string[], options: CreateOptions) =>
      run(subject, phones, options, ctx),
    );
  return withExamples(
    cmd,
    'wagw groups create "Release team" +447700900123 +14155550100 --session ses_123',
    'wagw groups create "Just me" --session ses_123 --json',
  );
}
