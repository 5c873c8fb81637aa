import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

/** Removes a member from the tenant (not the last admin). */
export async function run(userId: string, options: ApiFlags, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const removed = await api.members.remove(userId);
  if (out.json) out.printJson(removed);
  else out.line(`Removed ${removed.user_id} from the tenant.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('remove', 'remove a member from the tenant')
    .argument('<user_id>', 'the member (usr_…)')
    .action((userId: string, options: ApiFlags) => run(userId, options, ctx));
  return withExamples(cmd, 'wagw members remove usr_…');
}
