import type { FixtureOverrides, SendWebhookResult, WebhookEventType } from '@wagw/webhook-sim';
import type { Command } from 'commander';
import { integer, leafCommand, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { checkHttpUrl } from '../../url.js';
import { readWebhookSecret, type WebhookSecretFlags } from './receive.js';

export interface SendOptions extends WebhookSecretFlags {
  /** The receiver to POST to. */
  url?: string;
  /** The event type of the fixture sent (`message.read`, …). */
  event?: string;
  /** A JSON object shallow-merged into the fixture's `data`. */
  data?: string;
  /** The payload's `id` and `webhook-id` (default a fresh `evt_…`): send it again to act as a retry. */
  id?: string;
  /** The payload's `session_id` (and `data.session_id`, when the type has one). */
  session?: string;
  /** Unix seconds to sign with (default now); an old one tests the receiver's tolerance check. */
  timestamp?: number;
  /** Seconds to wait for the whole response; default 10. */
  timeout?: number;
  json?: boolean;
}

const DEFAULT_TIMEOUT_S = 10;
/** How much of the response body is printed. */
const BODY_PREVIEW_CHARS = 500;

function parseData(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `invalid --data: not JSON (${error instanceof Error ? error.message : String(error)})`,
      `quote it for the shell: --data '{"text":"hi"}'`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('invalid --data: expected a JSON object, merged into the payload\'s "data"');
  }
  return value as Record<string, unknown>;
}

const preview = (body: string) =>
  body.length > BODY_PREVIEW_CHARS ? `${body.slice(0, BODY_PREVIEW_CHARS)}…` : body;

/**
 * Builds a fixture of `--event`, signs it with the secret and POSTs it to `--url` (no wagw server
 * involved); prints the status, duration and the start of the body. Fails (exit 1) when the answer
 * is not 2xx (`WEBHOOK_REJECTED`) or there is none (`CONNECTION_FAILED`).
 */
export async function run(options: SendOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const sim = await import('@wagw/webhook-sim');
  const url = await valueOrPrompt(ctx, options.url, {
    flag: '--url',
    message: 'Receiver URL',
    validate: checkHttpUrl,
  });
  const event = await valueOrPrompt(ctx, options.event, { flag: '--event', message: 'Event type' });
  if (!sim.isWebhookEventType(event)) {
    throw new UsageError(
      `unknown event type "${event}"`,
      `use one of: ${sim.WEBHOOK_EVENT_TYPES.join(', ')}`,
    );
  }
  const data = options.data === undefined ? undefined : parseData(options.data);
  if (options.id !== undefined && !/^\S+$/.test(options.id)) {
    throw new UsageError(
      `invalid --id "${options.id}": expected an event id such as evt_123, without spaces`,
    );
  }
  for (const [flag, value, min] of [
    ['--timestamp', options.timestamp, 0],
    ['--timeout', options.timeout, 1],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new UsageError(`invalid ${flag} ${value}: expected an integer from ${min}`);
    }
  }
  const secret = await readWebhookSecret(ctx, options, true);
  if (secret === undefined) {
    throw new UsageError(
      'missing the webhook signing secret',
      'pass --secret-stdin (or set WAGW_WEBHOOK_SECRET) with the whsec_… secret to sign with',
    );
  }

  const overrides: FixtureOverrides<WebhookEventType> = {
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.session === undefined ? {} : { session_id: options.session }),
    ...(data === undefined ? {} : { data: data as FixtureOverrides['data'] }),
  };
  const payload = sim.fixture(event, overrides);
  const timeoutMs = (options.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  let result: SendWebhookResult;
  try {
    result = await sim.sendWebhook({
      url,
      secret,
      payload,
      timeoutMs,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    });
  } catch (error) {
    if (!(error instanceof sim.WebhookSendError)) throw error;
    throw new CliError(`no response from ${url}: ${error.message} (after ${error.durationMs}ms)`, {
      code: 'CONNECTION_FAILED',
      hint: error.code === 'TIMEOUT' ? 'raise --timeout, or check the receiver' : 'is the receiver running?',
      cause: error,
    });
  }

  const ok = result.status >= 200 && result.status <= 299;
  if (out.json) {
    out.printJson({
      id: payload.id,
      type: payload.type,
      url,
      status: result.status,
      ok,
      duration_ms: result.durationMs,
      body: preview(result.body),
      body_truncated: result.body.length > BODY_PREVIEW_CHARS,
      payload,
    });
  } else if (out.quiet) {
    out.line(payload.id);
  } else {
    out.line(`${payload.type} ${payload.id} → HTTP ${result.status} in ${result.durationMs}ms`);
    if (result.body !== '') out.line(preview(result.body));
  }
  if (!ok) {
    throw new CliError(`the receiver answered HTTP ${result.status}`, {
      code: 'WEBHOOK_REJECTED',
      ...(result.status >= 300 && result.status <= 399 ? { hint: 'redirects are not followed' } : {}),
    });
  }
}

export function command(ctx: Context): Command {
  const cmd = leafCommand(
    'send',
    'sign and POST a sample webhook of an event type to a URL (no server needed)',
  )
    .option('--url <url>', 'the receiver to POST to')
    .option('--event <type>', 'event type of the sample payload: message.read, session.status, …')
    .option('--data <json>', 'JSON object merged into the payload\'s "data", e.g. \'{"text":"hi"}\'')
    .option(
      '--id <evt>',
      'the payload id and webhook-id (default: a fresh evt_…); repeat one to act as a retry',
    )
    .option('--session <id>', "the payload's session_id (ses_…)")
    .option(
      '--timestamp <unix>',
      'sign with these unix seconds (default now), to test tolerance checks',
      integer(0),
    )
    .option(
      '--timeout <seconds>',
      'give up on the response after this long',
      integer(1, 3600),
      DEFAULT_TIMEOUT_S,
    )
    .option(
      '--secret-stdin',
      'sign with the endpoint secret read from stdin (asks for it, hidden, on a terminal)',
    )
    .option(
      '--secret <whsec>',
      'the secret itself; prefer --secret-stdin or $WAGW_WEBHOOK_SECRET: a flag shows in `ps` and shell history',
    )
    .action((options: SendOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw webhooks send --url http://localhost:3000/hooks --event message.read --secret-stdin',
    'pass show app/webhook-secret | wagw webhooks send --url http://localhost:4000/ --event message.received \\\n' +
      '      --data \'{"text":"hi"}\' --session ses_123 --secret-stdin --json',
    'wagw webhooks send --url http://localhost:4000/ --event message.read --id evt_retry1   # again: attempt 2',
    'wagw webhooks send --url http://localhost:4000/ --event session.status --timestamp 1700000000   # stale: 401',
  ).addHelpText(
    'after',
    '\nThe secret comes from --secret, else --secret-stdin, else $WAGW_WEBHOOK_SECRET, else a hidden prompt.\n' +
      'Exits 1 when the answer is not 2xx (WEBHOOK_REJECTED) or there is none (CONNECTION_FAILED).\n',
  );
}
