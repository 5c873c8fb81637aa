import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { GROUP_ARGUMENT } from './render.js';

export interface InviteOptions extends ApiFlags {
  session?: string;
  revoke?: boolean;
}

/** A group's invite link; with `--revoke`, a new one (the old one stops working). */
export async function run(group: string, options: InviteOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const invite = options.revoke
    ? await api.groups.revokeInvite(session, group)
    : await api.groups.inviteCode(session, group);
  if (out.json) out.printJson(invite);
  else
    out.fields([
      ['link', invite.url],
      ['code', invite.code],
    ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('invite', "show a group's invite link (the session must be an admin and connected)")
    .argument('<group>', GROUP_ARGUMENT)
    .option('--session <id>', 'session id (ses_…)')
    .option('--revoke', 'revoke the current link and show the new one (the old one stops working)')
    .action((group: string, options: InviteOptions) => run(group, options, ctx));
  return withExamples(
    cmd,
    'wagw groups invite 120363012345678901@g.us --session ses_123',
    'wagw groups invite 120363012345678901@g.us --revoke --session ses_123',
  );
}
