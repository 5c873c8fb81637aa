import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { periodArg } from './period.js';

export interface UsageOptions extends ApiFlags {
  period?: string;
}

export async function run(options: UsageOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const usage = await api.usage.get(options.period !== undefined ? { period: options.period } : undefined);
  if (out.json) return out.printJson(usage);
  out.fields([
    ['period', usage.period],
    ['messages sent', usage.messages_sent],
    ['messages received', usage.messages_received],
    ['API calls', usage.api_calls],
    ['media bytes', usage.media_bytes],
    ['active sessions', usage.active_sessions],
  ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('usage', "show your tenant's usage in a UTC month")
    .option('--period <YYYY-MM>', 'the month (default: the current one)', periodArg)
    .action((options: UsageOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw usage', 'wagw usage --period 2026-11 --json');
}
