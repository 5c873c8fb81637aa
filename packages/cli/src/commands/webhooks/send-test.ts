import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { Output } from '../../output.js';

export interface SendTestOptions extends ApiFlags {
  id: string;
}

/** `wagw webhooks test`: the server POSTs a signed `webhook.test` event now; exit 1 unless 2xx. */
export async function run(options: SendTestOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const result = await api.webhooks.test(options.id);
  if (out.json) out.printJson(result);
  else {
    out.fields([
      ['event', `webhook.test ${result.event_id}`],
      ['answer', result.status_code === null ? 'no response' : `HTTP ${result.status_code}`],
      ['duration', `${result.duration_ms}ms`],
      ['error', result.error],
      ['body', result.response_body?.slice(0, 200) ?? null],
    ]);
  }
  if (!result.ok) {
    throw new CliError(`the endpoint did not accept the test event: ${result.error ?? 'not 2xx'}`, {
      code: 'WEBHOOK_TEST_FAILED',
    });
  }
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('test', 'have the server POST a signed webhook.test event to an endpoint now')
    .argument('<id>', 'endpoint id (whk_…)')
    .action((id: string, options: Omit<SendTestOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw webhooks test whk_123', 'wagw webhooks test whk_123 --json');
}
