import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface InviteOptions extends ApiFlags {
  role?: 'admin' | 'member';
}

/** Invites an email: the server mails a link with a single-use token (valid 7 days). */
export async function run(email: string, options: InviteOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const invite = await api.invites.create({ email, role: options.role ?? 'member' });
  if (out.json) out.printJson(invite);
  else
    out.line(
      `Invited ${invite.email} as ${invite.role} (${invite.id}); the link expires ${invite.expires_at}.`,
    );
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('invite', 'invite someone by email')
    .argument('<email>', 'who to invite')
    .addOption(new Option('--role <role>', 'their role').choices(['admin', 'member']).default('member'))
    .action((email: string, options: InviteOptions) => run(email, options, ctx));
  return withExamples(
    cmd,
    'wagw members invite ada@example.com',
    'wagw members invite bob@example.com --role admin',
  );
}
