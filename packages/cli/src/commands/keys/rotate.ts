import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { durationSeconds } from './duration.js';
import { printNewKey } from './render.js';

export interface RotateOptions extends ApiFlags {
  id: string;
  /** Seconds the old key keeps working (from `--grace 24h`). */
  grace?: number;
}

export async function run(options: RotateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const rotated = await api.apiKeys.rotate(
    options.id,
    options.grace !== undefined ? { grace_period_seconds: options.grace } : {},
  );
  if (out.json) {
    out.printJson(rotated);
    return;
  }
  printNewKey(out, rotated);
  out.info(
    rotated.replaces.revoked_at !== null
      ? `The old key ${options.id} is revoked.`
      : `The old key ${options.id} works until ${rotated.replaces.grace_until}.`,
  );
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('rotate', 'replace an API key with a new one; the old one works for a grace period')
    .argument('<id>', 'API key id (key_…)')
    .option(
      '--grace <duration>',
      'how long the old key keeps working (default 24h, at most 7d; 0s: none)',
      durationSeconds,
    )
    .action((id: string, options: Omit<RotateOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw keys rotate key_123', 'wagw keys rotate key_123 --grace 1h --json');
}
