import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface RotateSecretOptions extends ApiFlags {
  id: string;
  /** Seconds the previous secret keeps signing (server default: a day). */
  overlap?: number;
}

export async function run(options: RotateSecretOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const rotated = await api.webhooks.rotateSecret(
    options.id,
    options.overlap !== undefined ? { overlap_seconds: options.overlap } : {},
  );
  if (out.json) {
    out.printJson(rotated);
    return;
  }
  out.fields([
    ['id', rotated.id],
    ['secret', rotated.secret],
    ['previous secret signs until', rotated.previous_secret_expires_at],
  ]);
  out.info(
    '\nThe new secret is shown only now. Until the time above every delivery carries a signature with each secret: switch your receiver to the new one before then.',
  );
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('rotate-secret', "replace an endpoint's signing secret, with an overlap")
    .argument('<id>', 'endpoint id (whk_…)')
    .option(
      '--overlap <seconds>',
      'how long the previous secret keeps signing too (0-604800, default 86400)',
      integer(0, 604_800),
    )
    .action((id: string, options: Omit<RotateSecretOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw webhooks rotate-secret whk_123',
    'wagw webhooks rotate-secret whk_123 --overlap 0 --json   # the old secret stops at once',
  );
}
