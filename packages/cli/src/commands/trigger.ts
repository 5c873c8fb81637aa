import type { EventType } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { Output } from '../output.js';
import { sessionOrDefault } from './sessions/use.js';

export interface TriggerOptions extends ApiFlags {
  session?: string;
}

/** Session and message events are about a session; others (webhook.*) are the tenant's. */
const aboutSession = (type: string) => type.startsWith('session.') || type.startsWith('message.');

/**
 * Asks the server to emit a realistic event of `type` through the normal pipeline (webhooks,
 * streams, `wagw listen`), for testing a handler end to end.
 */
export async function run(type: string, options: TriggerOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = aboutSession(type) ? await sessionOrDefault(ctx, options.session) : options.session;
  const event = await api.events.trigger(type as EventType, session ? { session_id: session } : {});
  if (out.json) out.printJson(event);
  else if (out.quiet) out.line(event.id);
  else out.line(`Triggered ${event.type} ${event.id}${event.session_id ? ` on ${event.session_id}` : ''}.`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'trigger',
    'make the server emit a realistic test event of a type (see GET /v1/event-types)',
  )
    .argument('<event-type>', 'e.g. message.received, session.status, webhook.endpoint_disabled')
    .option('--session <id>', 'the session it is about (ses_…; default: `wagw sessions use`)')
    .action((type: string, options: TriggerOptions) => run(type, options, ctx));
  return withExamples(
    cmd,
    'wagw trigger message.received --session ses_123',
    'wagw listen --forward-to http://localhost:4000/hooks &  wagw trigger message.read',
  );
}
