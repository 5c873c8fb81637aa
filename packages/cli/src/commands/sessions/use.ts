import type { Command } from 'commander';
import { type ApiFlags, apiCommand, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { notLoggedIn, UsageError } from '../../errors.js';
import { Output } from '../../output.js';

export interface UseOptions extends ApiFlags {
  clear?: boolean;
}

/** The session a command uses: its `--session` flag, else the profile's default (`sessions use`). */
export async function sessionOrDefault(ctx: Context, flag: string | undefined): Promise<string | undefined> {
  if (flag) return flag;
  return (await ctx.config.read())?.defaultSession;
}

/**
 * The session a command works on: `--session`, else the default of `wagw sessions use`, else asked
 * for on a TTY (a usage error without one).
 */
export async function sessionFor(ctx: Context, flag: string | undefined): Promise<string> {
  return valueOrPrompt(ctx, await sessionOrDefault(ctx, flag), {
    flag: '--session',
    message: 'Session id (ses_…)',
  });
}

/**
 * Saves `id` as the active profile's default session (checked on the server first), or forgets it
 * with `--clear`. Commands that take `--session` use it when the flag is left out.
 */
export async function run(id: string | undefined, options: UseOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  if (options.clear && id) throw new UsageError('give a session id or --clear, not both');
  if (!options.clear && !id) throw new UsageError('missing session id (ses_…), or --clear');
  const profile = await ctx.config.read();
  if (!profile) throw notLoggedIn('a saved profile');
  if (options.clear) {
    const { defaultSession: _, ...rest } = profile;
    await ctx.config.write(rest);
    if (out.json) out.printJson({ default_session: null });
    else out.line('No default session.');
    return;
  }
  const api = await ctx.api(options);
  const session = await api.sessions.get(id as string);
  await ctx.config.write({ ...profile, defaultSession: session.id });
  if (out.json) out.printJson({ default_session: session.id });
  else out.line(`Default session: ${session.id}${session.name ? ` (${session.name})` : ''}.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('use', 'set the default session of this profile, for commands given no --session')
    .argument('[id]', 'the session (ses_…)')
    .option('--clear', 'forget the default session')
    .action((id: string | undefined, options: UseOptions) => run(id, options, ctx));
  return withExamples(
    cmd,
    'wagw sessions use ses_123',
    'wagw send text --to +15551234567 --text Hi',
    'wagw sessions use --clear',
  );
}
