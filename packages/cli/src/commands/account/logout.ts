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
  if (profile?.refreshToken) {
    try {
      await ctx.createClient({ url: profile.url, apiKey: profile.apiKey }).auth.logout();
      endedOnServer = true;
    } catch (error) {
      // Already expired or revoked: nothing left to end.
      if (!AuthenticationError.is(error)) throw error;
    }
  }
  if (profile) await ctx.config.remove?.();
  if (out.json) {
    out.printJson({ profile: name, removed: profile !== undefined, login_session_ended: endedOnServer });
    return;
  }
  if (!profile) out.line(`Not logged in (no profile ${name}).`);
  else out.line(`Logged out: profile ${name} removed${endedOnServer ? ' and its login session ended' : ''}.`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('logout', 'end your login session and forget the saved profile').action(
    (options: LogoutOptions) => run(options, ctx),
  );
  return withExamples(cmd, 'wagw logout', 'wagw logout --profile work');
}
