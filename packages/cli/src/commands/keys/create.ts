import type { Scope } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { collect, durationSeconds } from './duration.js';
import { printNewKey } from './render.js';

export interface CreateOptions extends ApiFlags {
  name?: string;
  scope?: string[];
  /** Seconds (from `--expires-in 30d`); the API takes whole days. */
  expiresIn?: number;
  allowIp?: string[];
  user?: string;
  test?: boolean;
}

export async function run(options: CreateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const key = await api.apiKeys.create({
    name: options.name ?? 'cli',
    ...(options.test ? { mode: 'test' as const } : {}),
    ...(options.scope ? { scopes: options.scope as Scope[] } : {}),
    ...(options.expiresIn !== undefined
      ? options.expiresIn % 86_400 === 0
        ? { expires_in_days: options.expiresIn / 86_400 }
        : { expires_at: new Date(Date.now() + options.expiresIn * 1000).toISOString() }
      : {}),
    ...(options.allowIp ? { allowed_ips: options.allowIp } : {}),
    ...(options.user ? { user_id: options.user } : {}),
  });
  if (out.json) out.printJson(key);
  else printNewKey(out, key);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('create', 'create an API key (printed only once)')
    .option('--name <name>', 'what the key is for (default: cli)')
    .option('--scope <scope>', 'limit the key to a scope; repeat for more (default: all yours)', collect)
    .option('--expires-in <duration>', 'make it expire, e.g. 30d, 12h', durationSeconds)
    .option('--allow-ip <ip-or-cidr>', 'only accept it from this IP or range; repeat for more', collect)
    .option('--user <user-id>', 'act as this member or service account (with its role)')
    .option('--test', 'a test-mode key (wagw_test_…): sandbox sessions and test data only')
    .action((options: CreateOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw keys create --name ci --scope messages:send --scope sessions:read --expires-in 90d',
    'wagw keys create --name office --allow-ip 203.0.113.0/24 --json',
    'wagw keys create --name tests --test',
  );
}
