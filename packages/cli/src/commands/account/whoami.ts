import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

/** Who the configured credentials are: the tenant, and the user or API key. */
export async function run(options: ApiFlags, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const me = await api.me();
  // A login token (or a key acting as a user) has a user; a tenant's own key has none.
  const user = me.api_key === null ? await api.users.me() : null;
  const profile = (await ctx.config.profileName?.()) ?? 'default';
  if (out.json) {
    out.printJson({ tenant: me.tenant, api_key: me.api_key, user, profile });
    return;
  }
  out.fields([
    ['tenant', `${me.tenant.name} (${me.tenant.id})${me.tenant.is_admin ? ' admin tenant' : ''}`],
    ['user', user ? `${user.name} <${user.email}> (${user.id})` : null],
    [
      'role',
      user?.memberships.find((m) => m.tenant.id === me.tenant.id)?.role ?? (me.api_key ? 'api key' : null),
    ],
    ['api key', me.api_key ? `${me.api_key.prefix}… (${me.api_key.mode})` : null],
    ['profile', profile],
  ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('whoami', 'show the tenant and the user or API key you are logged in as').action(
    (options: ApiFlags) => run(options, ctx),
  );
  return withExamples(cmd, 'wagw whoami', 'wagw whoami --profile work --json');
}
