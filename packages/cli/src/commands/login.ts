import { AuthenticationError, type Me } from '@wagw/sdk';
import type { Command } from 'commander';
import { leafCommand, valueOrPrompt, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import { Output } from '../output.js';
import { checkHttpUrl, normalizeUrl } from '../url.js';

export interface LoginOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

/** Checks the URL and key with `GET /v1/me`, then saves them as the profile. */
export async function run(options: LoginOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const url = normalizeUrl(
    await valueOrPrompt(ctx, options.url, {
      flag: '--url',
      message: 'wagw server URL',
      default: 'http://127.0.0.1:3000',
      validate: checkHttpUrl,
    }),
  );
  const apiKey = await valueOrPrompt(ctx, options.apiKey, {
    flag: '--api-key',
    message: 'API key',
    secret: true,
  });

  let me: Me;
  try {
    me = await ctx.createClient({ url, apiKey }).me();
  } catch (error) {
    if (!AuthenticationError.is(error)) throw error;
    throw new CliError(`${url} rejected the API key: ${error.message}`, {
      code: 'UNAUTHENTICATED',
      requestId: error.requestId,
      exitCode: ExitCode.auth,
      hint: 'check the key; `wagw serve` and `wagw admin init` print the admin key once, on first start',
    });
  }
  await ctx.config.write({ url, apiKey });

  if (out.json) {
    out.printJson({ url, tenant: me.tenant, api_key: me.api_key, config_path: ctx.config.path });
    return;
  }
  const admin = me.tenant.is_admin ? ' (admin)' : '';
  out.line(`Logged in to ${url} as tenant ${me.tenant.name} (${me.tenant.id})${admin}.`);
  out.line(`API key ${me.api_key.prefix}… (${me.api_key.mode}) saved to ${ctx.config.path}`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('login', 'check a server URL and API key, and save them as your profile')
    .option('--url <url>', 'wagw server URL, e.g. http://127.0.0.1:3000')
    .option('--api-key <key>', 'API key (wagw_live_… or wagw_test_…)')
    .action((options: LoginOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw login                      # asks for the URL and key',
    'wagw login --url http://127.0.0.1:3000 --api-key wagw_live_…',
  ).addHelpText(
    'after',
    '\nThe profile is saved to $WAGW_CONFIG_DIR/config.json (default ~/.config/wagw/config.json),\n' +
      'readable only by you. WAGW_URL / WAGW_API_KEY and --url / --api-key override it.\n',
  );
}
