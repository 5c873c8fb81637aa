import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface ResendOptions extends ApiFlags {
  id: string;
  eventId: string;
}

export async function run(options: ResendOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const delivery = await api.webhooks.resend(options.id, { event_id: options.eventId });
  if (out.json) out.printJson(delivery);
  else {
    out.fields([
      ['id', delivery.id],
      ['event', `${delivery.event_type} ${delivery.event_id}`],
      ['status', delivery.status],
    ]);
    out.info(`\nQueued; \`wagw webhooks attempts ${options.id}\` shows how it went.`);
  }
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('resend', 'queue one event to an endpoint again (same webhook-id)')
    .argument('<id>', 'endpoint id (whk_…)')
    .argument('<event_id>', 'event id (evt_…), from `wagw events list` or the attempts')
    .action((id: string, eventId: string, options: Omit<ResendOptions, 'id' | 'eventId'>) =>
      run({ ...options, id, eventId }, ctx),
    );
  return withExamples(cmd, 'wagw webhooks resend whk_123 evt_456');
}
