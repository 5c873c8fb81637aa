import type { Command } from 'commander';
import { leafCommand, serverUrl, withExamples } from '../../command-kit.js';
import { resolveCredentials } from '../../config-store.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { parseMailToken } from '../account/mail-token.js';
import { readPassword, saveLogin } from '../account/save-login.js';

export interface AcceptInviteOptions {
  url?: string;
  name?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

/**
 * Accepts an invite and saves the login in the new tenant as the profile. With `--name`, creates
 * the account (name and a new password); without, the invited email's existing account joins,
 * through your current login (`wagw login --email …` first).
 */
export async function run(tokenOrLink: string, options: AcceptInviteOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const parsed = parseMailToken(tokenOrLink, 'accept-invite');
  if (options.name !== undefined) {
    const url = await serverUrl(ctx, options.url ?? parsed.url);
    const password = await readPassword(
      ctx,
      options,
      'Password for your new account (at least 10 characters)',
    );
    const result = await ctx
      .publicClient(url)
      .invites.accept({ token: parsed.token, name: options.name, password });
    await saveLogin(ctx, out, url, result);
    return;
  }
  const flags = { ...((options.url ?? parsed.url) !== undefined && { url: options.url ?? parsed.url }) };
  // The server URL the login is saved with: the one the request went to.
  const { url } = resolveCredentials(flags, ctx.env, await ctx.config.read());
  const result = await (await ctx.api(flags)).invites.accept({ token: parsed.token });
  await saveLogin(ctx, out, url, result);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('accept-invite', 'join a tenant with the token or link from an invite mail')
    .argument('<token-or-link>', 'the token, or the whole link, from the invite mail')
    .option('--name <name>', 'create your account with this name (else your logged-in account joins)')
    .option('--url <url>', "wagw server URL (default: the link's, then $WAGW_URL, then your login)")
    .option(
      '--password-stdin',
      'with --name: read the new password from stdin (else $WAGW_PASSWORD, else asks)',
    )
    .action((token: string, options: AcceptInviteOptions) => run(token, options, ctx));
  return withExamples(
    cmd,
    "wagw accept-invite 'https://wagw.example.com/accept-invite?token=…' --name Ada    # a new account",
    "wagw accept-invite 'https://wagw.example.com/accept-invite?token=…'    # you are logged in as the invited email",
  );
}
