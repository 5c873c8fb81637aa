import { AuthenticationError } from '@wagw/sdk';
import type { Command } from 'commander';
import { leafCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface LogoutOptions {
  json?: boolean;
}

/**
 * Ends the saved login session on the server (for an email/password login) and deletes the
 * profile. An API key is not revoked: only forgotten here (`wagw keys revoke` revokes it).
 */
export async function run(options: LogoutOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const profile = await ctx.config.read();
  const name = (await ctx.config.profileName?.()) ?? 'default';
  let endedOnServer = false;
  if (profile?.refreshToken)
    endedOnServer = await endLoginSession(ctx, profile.url, profile.apiKey, profile.refreshToken);
  if (profile) await ctx.config.remove?.();
  if (out.json) {
    out.printJson({ profile: name, removed: profile !== undefined, login_session_ended: endedOnServer });
    return;
  }
  if (!profile) out.line(`Not logged in (no profile ${name}).`);
  else out.line(`Logged out: profile ${name} removed${endedOnServer ? ' and its login session ended' : ''}.`);
}

/**
 * Ends the login session with the saved access token; when that has expired (401), with a fresh one
 * the refresh token buys, so the session does not stay usable for its 30 days. False when the
 * refresh token is refused too: the session has ended already.
 */
async function endLoginSession(
  ctx: Context,
  url: string,
  accessToken: string,
  refreshToken: string,
): Promise<boolean> {
  try {
    await ctx.createClient({ url, apiKey: accessToken }).auth.logout();
    return true;
  } catch (error) {
    if (!AuthenticationError.is(error)) throw error;
  }
  try {
    const tokens = await ctx.publicClient(url).auth.refresh(refreshToken);
    await ctx.createClient({ url, apiKey: tokens.access_token }).auth.logout();
    return true;
  } catch (error) {
    if (!AuthenticationError.is(error)) throw error;
    return false;
  }
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('logout', 'end your login session and forget the saved profile').action(
    (options: LogoutOptions) => run(options, ctx),
  );
  return withExamples(cmd, 'wagw logout', 'wagw logout --profile work');
}
