import type { Command } from 'commander';
import { leafCommand, serverUrl, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { readPassword, saveLogin } from './save-login.js';

export interface RegisterOptions {
  url?: string;
  email?: string;
  name?: string;
  tenant?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

/** Creates an account with its own tenant on the server and saves the login as the profile. */
export async function run(options: RegisterOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const url = await serverUrl(ctx, options.url);
  const email = await valueOrPrompt(ctx, options.email, { flag: '--email', message: 'Email' });
  const name = await valueOrPrompt(ctx, options.name, { flag: '--name', message: 'Your name' });
  const tenant = await valueOrPrompt(ctx, options.tenant, {
    flag: '--tenant',
    message: 'Team (tenant) name',
  });
  const password = await readPassword(ctx, options, 'Password (at least 10 characters)');
  const result = await ctx.publicClient(url).auth.register({ email, password, name, tenant_name: tenant });
  await saveLogin(ctx, out, url, result);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('register', 'create an account with its own tenant, and log in')
    .option('--url <url>', 'wagw server URL (default: $WAGW_URL, else asks)')
    .option('--email <email>', 'your email (asks when missing, on a terminal)')
    .option('--name <name>', 'your name')
    .option('--tenant <name>', 'the name of your new tenant (team)')
    .option('--password-stdin', 'read the password from stdin (else $WAGW_PASSWORD, else a hidden prompt)')
    .action((options: RegisterOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw register --url https://wagw.example.com    # asks for the rest',
    'printf %s "$PW" | wagw register --url http://127.0.0.1:3000 --email ada@example.com --name Ada --tenant "Ada Co" --password-stdin',
  );
}
