import type { ReceivedWebhook, WebhookReceiver } from '@wagw/webhook-sim';
import type { Command } from 'commander';
import { integer, leafCommand, readSecret, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { Output } from '../../output.js';
import {
  addResponderFlags,
  describeAnswers,
  type ResponderFlags,
  responderOptions,
} from './receive-flags.js';

/** Where a webhook signing secret may come from (`receive` and `send`). */
export interface WebhookSecretFlags {
  /**
   * `whsec_…`. Without one (from here, `secretStdin` or `WAGW_WEBHOOK_SECRET`) `receive` accepts
   * every valid payload. On the command line it shows in `ps`.
   */
  secret?: string;
  /** Read the secret from stdin (a hidden prompt when stdin is a terminal). */
  secretStdin?: boolean;
}

export interface ReceiveOptions extends WebhookSecretFlags, ResponderFlags {
  port?: number;
  host?: string;
  json?: boolean;
}

const DEFAULT_PORT = 4000;

/**
 * The webhook secret from `--secret`, else `--secret-stdin`, else `WAGW_WEBHOOK_SECRET`, else (with
 * `promptWhenMissing`, on a terminal) a hidden prompt; `undefined` when none gave one.
 */
export async function readWebhookSecret(
  ctx: Context,
  flags: WebhookSecretFlags,
  promptWhenMissing: boolean,
): Promise<string | undefined> {
  const { assertValidSecret } = await import('@wagw/webhook-sim');
  const usable = (value: string): true | string => {
    if (!value.startsWith('whsec_')) return 'expected the whsec_… secret printed by `wagw webhooks create`';
    try {
      assertValidSecret(value);
      return true;
    } catch {
      return 'expected whsec_ followed by base64, as printed by `wagw webhooks create`';
    }
  };
  return readSecret(ctx, {
    flagValue: flags.secret,
    flag: '--secret',
    stdin: flags.secretStdin,
    stdinFlag: '--secret-stdin',
    envName: 'WAGW_WEBHOOK_SECRET',
    message: 'Webhook signing secret (whsec_…)',
    promptWhenMissing,
    validate: usable,
  });
}

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

function startError(error: unknown, host: string, port: number): unknown {
  if ((error as { code?: unknown } | undefined)?.code !== 'EADDRINUSE') return error;
  return new CliError(`cannot listen on ${host}:${port}: the port is in use`, {
    code: 'PORT_IN_USE',
    hint: 'pick another with --port (0 = any free port)',
    cause: error,
  });
}

/**
 * Runs a local webhook receiver (from @wagw/webhook-sim) and prints each webhook until Ctrl-C,
 * answering as the responder flags say (statuses, deliberate failures, delays).
 */
export async function run(options: ReceiveOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const answers = responderOptions(options);
  const secret = await readWebhookSecret(ctx, options, false);
  const signal = ctx.shutdownSignal();
  const [{ startReceiver }, { createResponder }] = await Promise.all([
    ctx.loadWebhookSim(),
    import('@wagw/webhook-sim'),
  ]);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_PORT;
  let receiver: WebhookReceiver;
  try {
    receiver = await startReceiver({
      port,
      host,
      ...(secret ? { secret } : {}),
      respondWith: createResponder(answers),
      onWebhook: (w) => {
        if (out.json) out.printJsonLine(webhookLine(w));
        else out.line(humanLine(w, secret !== undefined));
      },
    });
  } catch (error) {
    throw startError(error, host, port);
  }
  out.info(`Listening for webhooks on ${receiver.url} (Ctrl-C to stop)`);
  out.info(
    `Point a webhook at it: wagw webhooks create --url ${receiver.url}\n` +
      '(a local URL needs a server started with --allow-private-webhooks)',
  );
  if (secret) out.info('Checking signatures with the secret given.');
  else out.info('No secret given (--secret-stdin or WAGW_WEBHOOK_SECRET): signatures are not checked.');
  out.info(describeAnswers(answers));

  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await receiver.close();
  out.info(`Stopped; received ${receiver.received.length} webhook(s).`);
}

export function command(ctx: Context): Command {
  const cmd = leafCommand(
    'receive',
    'receive webhooks locally, print them, and answer chosen statuses, failures or delays',
  )
    .alias('listen')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer(0, 65535), DEFAULT_PORT)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--secret-stdin',
      'verify signatures with the endpoint secret read from stdin (asks for it, hidden, on a terminal)',
    )
    .option(
      '--secret <whsec>',
      'the secret itself; prefer --secret-stdin or $WAGW_WEBHOOK_SECRET: a flag shows in `ps` and shell history',
    );
  addResponderFlags(cmd).action((options: ReceiveOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw webhooks receive                                # prints every webhook, signatures unchecked',
    'wagw webhooks receive --port 4000 --secret-stdin     # asks for the whsec_… secret, then verifies',
    'wagw webhooks receive --fail-first 2 --retry-after 5 # 500, 500, then 200 to each webhook-id',
    'wagw webhooks receive --status 410                   # "gone": the server disables the endpoint',
    'wagw webhooks receive --fail-rate 0.3 --seed 1       # fails 30% of deliveries, the same ones each run',
    "wagw webhooks receive --delay 20000                  # slower than the server's timeout",
    'wagw webhooks receive --json | jq -c "{type, id, verified, status}"',
  ).addHelpText(
    'after',
    '\nThe secret comes from --secret-stdin, else $WAGW_WEBHOOK_SECRET; with none, nothing is verified.\n' +
      'Bad signatures get 401 and bodies that are not a payload 400, whatever the answer flags say.\n' +
      '`wagw webhooks listen` is the same command.\n',
  );
}
