import type { ReceivedWebhook } from '@wagw/webhook-sim';
import type { Command } from 'commander';
import { integer, leafCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';

export interface ListenOptions {
  port?: number;
  host?: string;
  /** `whsec_…`: verify signatures (bad ones get 401). Without it every valid payload is accepted. */
  secret?: string;
  json?: boolean;
}

const DEFAULT_PORT = 4000;

/** What `--json` prints per webhook: one line each. */
export function webhookLine(w: ReceivedWebhook) {
  return {
    id: w.payload?.id ?? w.headers['webhook-id'] ?? null,
    type: w.payload?.type ?? null,
    session_id: w.payload?.session_id ?? null,
    verified: w.verified,
    attempt: w.attempt,
    status: w.response.status,
    ...(w.error ? { error: w.error } : {}),
    received_at: w.receivedAt.toISOString(),
    payload: w.payload ?? null,
  };
}

function humanLine(w: ReceivedWebhook, checking: boolean): string {
  const time = w.receivedAt.toISOString().slice(11, 23);
  const what = w.payload ? `${w.payload.type} ${w.payload.id}` : `${w.method} ${w.path}`;
  const verdict = w.verified ? 'verified' : checking ? `rejected: ${w.error ?? 'unverified'}` : 'unverified';
  const retry = w.attempt > 1 ? ` (attempt ${w.attempt})` : '';
  return `${time}  ${w.response.status}  ${what}  ${verdict}${retry}`;
}

/** Runs a local webhook receiver (from @wagw/webhook-sim) and prints each webhook until Ctrl-C. */
export async function run(options: ListenOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  if (options.secret !== undefined && !options.secret.startsWith('whsec_')) {
    throw new UsageError('invalid --secret: expected the whsec_… secret printed by `wagw webhooks create`');
  }
  const signal = ctx.shutdownSignal();
  const { startReceiver } = await ctx.loadWebhookSim();
  const receiver = await startReceiver({
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    ...(options.secret ? { secret: options.secret } : {}),
    onWebhook: (w) => {
      if (out.json) out.printJsonLine(webhookLine(w));
      else out.line(humanLine(w, options.secret !== undefined));
    },
  });
  out.info(`Listening for webhooks on ${receiver.url} (Ctrl-C to stop)`);
  out.info(
    `Point a webhook at it: wagw webhooks create --url ${receiver.url}\n` +
      '(a local URL needs a server started with --allow-private-webhooks)',
  );
  if (!options.secret) out.info('No --secret given: signatures are not checked.');

  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await receiver.close();
  out.info(`Stopped; received ${receiver.received.length} webhook(s).`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('listen', 'receive webhooks locally and print them as they arrive')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer(0, 65535), DEFAULT_PORT)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--secret <whsec>', 'verify signatures with this endpoint secret')
    .action((options: ListenOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw webhooks listen',
    'wagw webhooks listen --port 4000 --secret whsec_…',
    'wagw webhooks listen --json | jq -c "{type, id, verified}"',
  );
}
