import { AuthenticationError, type Me } from '@wagw/sdk';
import type { Command } from 'commander';
import { leafCommand, readSecret, serverUrl, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { Output } from '../output.js';
import { readPassword, saveLogin } from './account/save-login.js';

export interface LoginOptions {
  url?: string;
  /** Works, but a key on the command line shows in `ps` and shell history: prefer the others. */
  apiKey?: string;
  /** Read the key from stdin (a hidden prompt when stdin is a terminal). */
  apiKeyStdin?: boolean;
  /** Log in with email and password instead of an API key. */
  email?: string;
  /** Read the password from stdin (with `--email`). */
  passwordStdin?: boolean;
  /** The tenant to act in (with `--email`; default your first). */
  tenant?: string;
  json?: boolean;
}

/**
 * Checks the URL and key with `GET /v1/me`, then saves them as the profile. The key comes from
 * `--api-key-stdin`, `WAGW_API_KEY` or a hidden prompt, so it need never be on a command line.
 */
export async function run(options: LoginOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const url = await serverUrl(ctx, options.url);
  if (options.email !== undefined) {
    if (options.apiKey !== undefined || options.apiKeyStdin) {
      throw new UsageError('use either --email or an API key, not both');
    }
    const password = await readPassword(ctx, options);
    const result = await ctx.publicClient(url).auth.login({
      email: options.email,
      password,
      ...(options.tenant !== undefined && { tenant_id: options.tenant }),
    });
    await saveLogin(ctx, out, url, result);
    return;
  }
  const apiKey = await readSecret(ctx, {
    flagValue: options.apiKey,
    flag: '--api-key',
    stdin: options.apiKeyStdin,
    stdinFlag: '--api-key-stdin',
    envName: 'WAGW_API_KEY',
    message: 'API key',
    promptWhenMissing: true,
  });
  if (apiKey === undefined) {
    throw new UsageError(
      'missing API key: stdin is not a terminal to ask on',
      'pipe it in with --api-key-stdin, or set WAGW_API_KEY',
    );
  }

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
  const key = me.api_key ? `API key ${me.api_key.prefix}… (${me.api_key.mode})` : 'Token';
  out.line(`${key} saved to ${ctx.config.path}`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand(
    'login',
    'check a server URL and API key (or log in with email and password), and save them as your profile',
  )
    .option('--url <url>', 'wagw server URL, e.g. http://127.0.0.1:3000 (default: $WAGW_URL, else asks)')
    .option('--api-key-stdin', 'read the API key from stdin (asks for it, hidden, when stdin is a terminal)')
    .option(
      '--api-key <key>',
      'the API key itself; prefer the prompt, --api-key-stdin or $WAGW_API_KEY: a flag shows in `ps` and shell history',
    )
    .option('--email <email>', 'log in with this email and your password instead of an API key')
    .option(
      '--password-stdin',
      'with --email: read the password from stdin (else $WAGW_PASSWORD, else a hidden prompt)',
    )
    .option('--tenant <id>', 'with --email: the tenant to act in (default: your first)')
    .action((options: LoginOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw login                                     # asks for the URL and the key (hidden)',
    'wagw login --url http://127.0.0.1:3000         # asks for the key `wagw serve` printed',
    'pass show wagw | wagw login --url https://wagw.example.com --api-key-stdin',
    'wagw login --url https://wagw.example.com --email ada@example.com   # asks for the password (hidden)',
    'wagw login --profile work --url https://wagw.example.com --email ada@work.example',
  ).addHelpText(
    'after',
    '\nThe key comes from --api-key-stdin, else $WAGW_API_KEY, else a hidden prompt (on a terminal).\n' +
      'The profile is saved to $WAGW_CONFIG_DIR/config.json (default ~/.config/wagw/config.json),\n' +
      'readable only by you. WAGW_URL / WAGW_API_KEY and --url / --api-key override it.\n' +
      'With --email the access token (1 h) is refreshed by itself with the refresh token (30 days).\n',
  );
}
