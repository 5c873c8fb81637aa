import type { Command } from 'commander';
import { Argument } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

/** Changes a member's role; the server keeps at least one admin (LAST_ADMIN). */
export async function run(
  userId: string,
  role: 'admin' | 'member',
  options: ApiFlags,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const member = await api.members.update(userId, { role });
  if (out.json) out.printJson(member);
  else out.line(`${member.email} is now ${member.role}.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('role', "change a member's role")
    .argument('<user_id>', 'the member (usr_…, see `wagw members list`)')
    .addArgument(new Argument('<role>', 'the new role').choices(['admin', 'member']))
    .action((userId: string, role: 'admin' | 'member', options: ApiFlags) => run(userId, role, options, ctx));
  return withExamples(cmd, 'wagw members role usr_… admin');
}
