import type { AuthResult } from '@wagw/sdk';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { Output } from '../../output.js';

/** Saves a login's tokens as the selected profile and says so. */
export async function saveLogin(ctx: Context, out: Output, url: string, result: AuthResult): Promise<void> {
  await ctx.config.write({
    url,
    apiKey: result.tokens.access_token,
    refreshToken: result.tokens.refresh_token,
    accessTokenExpiresAt: result.tokens.access_token_expires_at,
    email: result.user.email,
  });
  const profile = (await ctx.config.profileName?.()) ?? 'default';
  if (out.json) {
    out.printJson({ url, user: result.user, tenant: result.tenant, profile, config_path: ctx.config.path });
    return;
  }
  out.line(
    `Logged in to ${url} as ${result.user.email} in tenant ${result.tenant.name} (${result.tenant.id}).`,
  );
  out.line(`Login saved to ${ctx.config.path} (profile ${profile}); it refreshes itself for 30 days.`);
}

/**
 * The password: `--password-stdin` (its first line, spaces kept; a hidden prompt when stdin is a
 * terminal), else `$WAGW_PASSWORD`, else a hidden prompt on a terminal. Never a plain flag: it
 * would show in `ps` and shell history.
 */
export async function readPassword(
  ctx: Context,
  options: { passwordStdin?: boolean | undefined },
  message = 'Password',
): Promise<string> {
  const ask = async () => {
    const answer = await ctx.prompts.password({ message });
    if (answer === '') throw new UsageError(`no ${message.toLowerCase()} given`);
    return answer;
  };
  if (options.passwordStdin) {
    if (ctx.stdinIsTTY) return ask();
    const line = (await ctx.readStdin()).split(/\r?\n/)[0] ?? '';
    if (line === '') throw new UsageError('--password-stdin: stdin was empty');
    return line;
  }
  if (ctx.env.WAGW_PASSWORD) return ctx.env.WAGW_PASSWORD;
  if (ctx.stdinIsTTY) return ask();
  throw new UsageError(
    'missing password: stdin is not a terminal to ask on',
    'pipe it in with --password-stdin, or set WAGW_PASSWORD',
  );
}
