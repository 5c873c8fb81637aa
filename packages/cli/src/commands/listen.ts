import { randomBytes } from 'node:crypto';
import type { Event } from '@wagw/sdk';
import type { Command } from 'commander';
import { Webhook } from 'standardwebhooks';
import { type ApiFlags, apiCommand, commaList, readSecret, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { Output } from '../output.js';
import { checkHttpUrl } from '../url.js';
import { sessionOrDefault } from './sessions/use.js';

export interface ListenOptions extends ApiFlags {
  /** The local URL each event is POSTed to. */
  forwardTo?: string;
  /** Event types, `*` or families (`message.*`); default every type. */
  events?: string[];
  /** Only this session's events (default: the profile's default session, if any). */
  session?: string;
  /** Use this `whsec_…` secret instead of a new one (also `WAGW_LISTEN_SECRET`). */
  secret?: string;
  secretStdin?: boolean;
  /** Resume after this event id instead of starting with the next event. */
  after?: string;
  /** Time limit of one forward, ms. Default 10 000. */
  timeoutMs?: number;
}

const FORWARD_TIMEOUT_MS = 10_000;

/** A new Standard Webhooks secret: `whsec_` and base64 of 24 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The body a webhook endpoint would receive for `event` (see the server's webhook payload). */
export function webhookBody(event: Event) {
  return {
    id: event.id,
    type: event.type,
    timestamp: event.created_at,
    session_id: event.session_id,
    sequence: event.sequence,
    data: event.data,
  };
}

export interface ForwardResult {
  status: number | null;
  durationMs: number;
  error?: string;
}

/** POSTs one event, signed with `secret` as Standard Webhooks say, and reports the answer. */
export async function forward(
  url: string,
  event: Event,
  signer: Webhook,
  timeoutMs: number,
  now: () => number,
): Promise<ForwardResult> {
  const body = JSON.stringify(webhookBody(event));
  const sentAt = new Date(now());
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'wagw-listen',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signer.sign(event.id, sentAt, body),
      },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: null,
      durationMs: Math.round(performance.now() - started),
      error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)),
    };
  }
}

/**
 * Receives the tenant's events live from the server (outbound only: works against a remote server
 * that cannot reach this machine) and POSTs each, signed with a per-listen secret, to a local URL.
 */
export async function run(options: ListenOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const target = options.forwardTo;
  if (!target) throw new UsageError('missing required option --forward-to <url>');
  const verdict = checkHttpUrl(target);
  if (verdict !== true) throw new UsageError(`invalid --forward-to: ${verdict}`);
  const secret =
    (await readSecret(ctx, {
      flagValue: options.secret,
      flag: '--secret',
      stdin: options.secretStdin,
      stdinFlag: '--secret-stdin',
      envName: 'WAGW_LISTEN_SECRET',
      message: 'Signing secret (whsec_…)',
      promptWhenMissing: false,
      validate: (value) => value.startsWith('whsec_') || 'expected a whsec_… secret',
    })) ?? newSigningSecret();
  let signer: Webhook;
  try {
    signer = new Webhook(secret);
  } catch {
    throw new UsageError('invalid signing secret: expected whsec_ and base64');
  }
  const api = await ctx.api(options);
  const session = await sessionOrDefault(ctx, options.session);
  const signal = ctx.shutdownSignal();
  const timeoutMs = options.timeoutMs ?? FORWARD_TIMEOUT_MS;

  // Announced once the server has answered: from then on, no event is missed.
  const ready = () => {
    if (out.json) out.printJsonLine({ type: 'ready', secret, forward_to: target });
    out.info(`Ready. Forwarding events to ${target} (Ctrl-C to stop).`);
    out.info(`Signing secret: ${secret}`);
    out.info(
      `Filters: ${options.events?.length ? options.events.join(',') : 'every type'}${session ? `, session ${session}` : ''}`,
    );
  };

  for await (const event of api.events.stream({
    ...(options.events?.length && { types: options.events }),
    ...(session && { sessionId: session }),
    ...(options.after && { lastEventId: options.after }),
    signal,
    onOpen: ({ reconnect }) => {
      if (!reconnect) ready();
    },
    onReconnect: ({ error }) =>
      out.info(`(reconnecting${error instanceof Error ? `: ${error.message}` : ''})`),
  })) {
    const result = await forward(target, event, signer, timeoutMs, ctx.now);
    if (out.json) {
      out.printJsonLine({
        type: 'forwarded',
        event_id: event.id,
        event_type: event.type,
        status: result.status,
        duration_ms: result.durationMs,
        ...(result.error && { error: result.error }),
      });
    } else {
      const time = new Date(ctx.now()).toISOString().slice(11, 23);
      const answer = result.status === null ? `failed: ${result.error}` : `[${result.status}]`;
      out.line(`${time}  ${event.type} ${event.id} --> ${answer} POST ${target} (${result.durationMs} ms)`);
    }
  }
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'listen',
    "receive the tenant's events live and forward each, signed, to a local URL",
  )
    .option('--forward-to <url>', 'the local URL to POST each event to (http://localhost:4000/hooks)')
    .option(
      '--events <types>',
      'only these event types, comma-separated (message.*, session.status)',
      commaList,
    )
    .option('--session <id>', 'only events of this session (default: `wagw sessions use`)')
    .option('--after <id>', 'start after this event (evt_…) instead of with the next one')
    .option('--secret <whsec>', 'sign with this secret instead of a new one (or $WAGW_LISTEN_SECRET)')
    .option('--secret-stdin', 'read the signing secret from stdin')
    .action((options: ListenOptions) => run(options, ctx));
  cmd.addHelpText(
    'after',
    '\nThe connection is outbound only (Server-Sent Events), so it works against a remote server\nthat cannot reach this machine. Verify requests with the printed secret, as for webhooks.',
  );
  return withExamples(
    cmd,
    'wagw listen --forward-to http://localhost:4000/hooks',
    'wagw listen --forward-to http://localhost:4000/hooks --events message.* --session ses_123',
    'WAGW_LISTEN_SECRET=whsec_… wagw listen --forward-to http://localhost:4000/hooks --json',
  );
}
