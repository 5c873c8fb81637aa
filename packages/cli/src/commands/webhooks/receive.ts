import type { ReceivedWebhook } from '@wagw/webhook-sim';
import type { Command } from 'commander';
import { integer, leafCommand, readSecret, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface ListenOptions {
  port?: number;
  host?: string;
  /**
   * `whsec_…`: verify signatures (bad ones get 401). Without a secret (from here, `secretStdin` or
   * `WAGW_WEBHOOK_SECRET`) every valid payload is accepted. On the command line it shows in `ps`.
   */
  secret?: string;
  /** Read the secret from stdin (a hidden prompt when stdin is a terminal). */
  secretStdin?: boolean;
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
  const secret = await readSecret(ctx, {
    flagValue: options.secret,
    flag: '--secret',
    stdin: options.secretStdin,
    stdinFlag: '--secret-stdin',
    envName: 'WAGW_WEBHOOK_SECRET',
    message: 'Webhook signing secret (whsec_…)',
    promptWhenMissing: false,
    validate: (value) =>
      value.startsWith('whsec_') || 'expected the whsec_… secret printed by `wagw webhooks create`',
  });
  const signal = ctx.shutdownSignal();
  const { startReceiver } = await ctx.loadWebhookSim();
  const receiver = await startReceiver({
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    ...(secret ? { secret } : {}),
    onWebhook: (w) => {
      if (out.json) out.printJsonLine(webhookLine(w));
      else out.line(humanLine(w, secret !== undefined));
    },
  });
  out.info(`Listening for webhooks on ${receiver.url} (Ctrl-C to stop)`);
  out.info(
    `Point a webhook at it: wagw webhooks create --url ${receiver.url}\n` +
      '(a local URL needs a server started with --allow-private-webhooks)',
  );
  if (secret) out.info('Checking signatures with the secret given.');
  else out.info('No secret given (--secret-stdin or WAGW_WEBHOOK_SECRET): signatures are not checked.');

  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await receiver.close();
  out.info(`Stopped; received ${receiver.received.length} webhook(s).`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand('listen', 'receive webhooks locally and print them as they arrive')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer(0, 65535), DEFAULT_PORT)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--secret-stdin',
      'verify signatures with the endpoint secret read from stdin (asks for it, hidden, on a terminal)',
    )
    .option(
      '--secret <whsec>',
      'the secret itself; prefer --secret-stdin or $WAGW_WEBHOOK_SECRET: a flag shows in `ps` and shell history',
    )
    .action((options: ListenOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw webhooks listen                              # prints every webhook, signatures unchecked',
    'wagw webhooks listen --port 4000 --secret-stdin   # asks for the whsec_… secret, then verifies',
    'wagw webhooks listen --json | jq -c "{type, id, verified}"',
  ).addHelpText(
    'after',
    '\nThe secret comes from --secret-stdin, else $WAGW_WEBHOOK_SECRET; with none, nothing is verified.\n',
  );
}
