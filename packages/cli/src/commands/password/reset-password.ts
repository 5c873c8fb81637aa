import type { Command } from 'commander';
import { leafCommand, serverUrl, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { parseMailToken } from '../account/mail-token.js';
import { readPassword } from '../account/save-login.js';

export interface ResetPasswordOptions {
  url?: string;
  email?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

/**
 * Without a token: asks the server to mail a reset link to `--email` (the answer is the same
 * whether or not the email has an account). With the token or the whole link from that mail: sets
 * a new password; every login session of the account ends.
 */
export async function run(
  tokenOrLink: string | undefined,
  options: ResetPasswordOptions,
  ctx: Context,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  if (tokenOrLink === undefined) {
    if (options.email === undefined) {
      throw new UsageError('give --email to be mailed a reset link, or the token (or link) from that mail');
    }
    const url = await serverUrl(ctx, options.url);
    await ctx.publicClient(url).auth.requestPasswordReset(options.email);
    if (out.json) out.printJson({ requested: true, email: options.email });
    else
      out.line(
        `If ${options.email} has an account on ${url}, a reset link is on its way; it works for 1 hour.`,
      );
    return;
  }
  if (options.email !== undefined) throw new UsageError('give either --email or a token, not both');
  const parsed = parseMailToken(tokenOrLink, 'reset-password');
  const url = await serverUrl(ctx, options.url ?? parsed.url);
  const newPassword = await readPassword(ctx, options, 'New password (at least 10 characters)');
  await ctx.publicClient(url).auth.confirmPasswordReset({ token: parsed.token, new_password: newPassword });
  if (out.json) out.printJson({ reset: true });
  else
    out.line(
      'Password changed; every login session of the account has ended. Log in with `wagw login --email …`.',
    );
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('reset-password', 'mail yourself a reset link, or set a new password with it')
    .argument('[token-or-link]', 'the token, or the whole link, from the reset mail')
    .option('--email <email>', 'mail a reset link to this account')
    .option('--url <url>', "wagw server URL (default: the link's, then $WAGW_URL, else asks)")
    .option(
      '--password-stdin',
      'read the new password from stdin (else $WAGW_PASSWORD, else a hidden prompt)',
    )
    .action((token: string | undefined, options: ResetPasswordOptions) => run(token, options, ctx));
  return withExamples(
    cmd,
    'wagw reset-password --email ada@example.com --url https://wagw.example.com',
    "wagw reset-password 'https://wagw.example.com/reset-password?token=…'    # asks for the new password",
  );
}
