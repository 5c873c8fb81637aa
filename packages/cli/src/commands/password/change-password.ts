import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';

export interface ChangePasswordOptions extends ApiFlags {
  passwordStdin?: boolean;
}

/**
 * The current and the new password: two lines of stdin with `--password-stdin`, else
 * `$WAGW_PASSWORD` and `$WAGW_NEW_PASSWORD`, else hidden prompts on a terminal.
 */
async function readPasswords(ctx: Context, options: ChangePasswordOptions): Promise<[string, string]> {
  if (options.passwordStdin && !ctx.stdinIsTTY) {
    const [current = '', next = ''] = (await ctx.readStdin()).split(/\r?\n/);
    if (current === '' || next === '') {
      throw new UsageError('--password-stdin: give the current password and the new one on two lines');
    }
    return [current, next];
  }
  const ask = async (message: string) => {
    if (!ctx.stdinIsTTY) {
      throw new UsageError(
        'missing password: stdin is not a terminal to ask on',
        'pipe both in with --password-stdin (two lines), or set WAGW_PASSWORD and WAGW_NEW_PASSWORD',
      );
    }
    const answer = await ctx.prompts.password({ message });
    if (answer === '') throw new UsageError(`no ${message.toLowerCase()} given`);
    return answer;
  };
  const current = ctx.env.WAGW_PASSWORD || (await ask('Current password'));
  const next = ctx.env.WAGW_NEW_PASSWORD || (await ask('New password (at least 10 characters)'));
  return [current, next];
}

/** Changes the logged-in user's password; their other login sessions end, this one stays. */
export async function run(options: ChangePasswordOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const [current, next] = await readPasswords(ctx, options);
  await api.auth.changePassword({ current_password: current, new_password: next });
  if (out.json) out.printJson({ changed: true });
  else out.line('Password changed; your other login sessions have ended.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('change-password', 'change your password (your other login sessions end)')
    .option('--password-stdin', 'read the current and the new password from stdin, one per line')
    .action((options: ChangePasswordOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw change-password    # asks for both',
    'printf "%s\\n%s\\n" "$OLD" "$NEW" | wagw change-password --password-stdin',
  );
}
