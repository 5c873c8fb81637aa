import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { pointInTime } from '../../point-in-time.js';

export interface RecoverOptions extends ApiFlags {
  id: string;
  since?: string;
  until?: string;
}

export async function run(options: RecoverOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  if (options.since === undefined) {
    throw new UsageError(
      'missing required option --since',
      'e.g. --since 2h, or --since 2026-12-01T00:00:00Z',
    );
  }
  const since = pointInTime('--since', options.since, ctx.now());
  const until = options.until === undefined ? undefined : pointInTime('--until', options.until, ctx.now());
  const api = await ctx.api(options);
  const result = await api.webhooks.recover(options.id, { since, ...(until && { until }) });
  if (out.json) out.printJson(result);
  else
    out.line(
      `Queued ${result.queued} failed event${result.queued === 1 ? '' : 's'} again (since ${since}${until ? `, until ${until}` : ''}).`,
    );
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'recover',
    'queue again every event whose deliveries to an endpoint failed in a range',
  )
    .argument('<id>', 'endpoint id (whk_…)')
    .option('--since <time>', 'from (ISO 8601, or a duration ago: 30m, 2h, 3d)')
    .option('--until <time>', 'until (default: now)')
    .action((id: string, options: Omit<RecoverOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw webhooks recover whk_123 --since 6h',
    'wagw webhooks recover whk_123 --since 2026-12-01 --until 2026-12-02 --json',
  );
}
