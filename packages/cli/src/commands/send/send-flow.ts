import {
  type Message,
  MessageFailedError,
  type MessageSendParams,
  type MessageStatus,
  WaitForStatusTimeoutError,
} from '@wagw/sdk';
import { type Command, Option } from 'commander';
import { type ApiFlags, integer, valueOrPrompt } from '../../command-kit.js';
import type { ApiClient, Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { Output } from '../../output.js';
import { timeAhead } from '../../point-in-time.js';
import { printMessage } from '../messages/render.js';
import { sessionFor } from '../sessions/use.js';

export const WAIT_STATUSES = ['sent', 'delivered', 'read'] as const satisfies readonly MessageStatus[];

/** The flags every `wagw send <type>` takes. */
export interface SendFlags extends ApiFlags {
  session?: string;
  to?: string;
  /** Wait until the message reaches this status (or a later one). */
  wait?: (typeof WAIT_STATUSES)[number];
  /** Seconds `--wait` waits. Default 30. */
  timeout?: number;
  idempotencyKey?: string;
  /** Send at this time instead of now: an ISO 8601 time or a duration from now (`30m`). */
  at?: string;
}

export const DEFAULT_TIMEOUT_S = 30;

/** The content of one message, without `to`, built once the session and recipient are known. */
export type Content = {
  [K in MessageSendParams['type']]: Omit<Extract<MessageSendParams, { type: K }>, 'to'>;
}[MessageSendParams['type']];

/**
 * Sends one message of any type: asks for the session and recipient when missing (on a TTY),
 * builds its content (which may upload a file), sends it, and with `--wait` follows it to that
 * status, exiting 1 (`MESSAGE_FAILED`, `WAIT_TIMEOUT`) when it fails or does not get there.
 */
export async function sendMessage(
  options: SendFlags,
  ctx: Context,
  content: (api: ApiClient) => Promise<Content>,
): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const to = await valueOrPrompt(ctx, options.to, {
    flag: '--to',
    message: 'To (phone number, e.g. +15551234567)',
  });
  const sendAt = options.at === undefined ? undefined : timeAhead('--at', options.at, ctx.now());
  const body = { ...(await content(api)), to, ...(sendAt && { send_at: sendAt }) } as MessageSendParams;
  let message = await api.messages.send(
    session,
    body,
    options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : undefined,
  );
  if (!options.wait) {
    if (out.json) out.printJson(message);
    else printResult(out, message);
    return;
  }

  const timeoutS = options.timeout ?? DEFAULT_TIMEOUT_S;
  if (!out.json)
    out.info(`${message.id} ${message.status}; waiting up to ${timeoutS}s for "${options.wait}"…`);
  try {
    message = await api.messages.waitForStatus(message.id, options.wait, { timeoutMs: timeoutS * 1000 });
  } catch (error) {
    if (MessageFailedError.is(error)) {
      printResult(out, error.lastMessage);
      const reason = error.lastMessage.error;
      throw new CliError(
        `message ${error.lastMessage.id} failed: ${reason ? `${reason.code}: ${reason.message}` : 'no reason given'}`,
        { code: 'MESSAGE_FAILED' },
      );
    }
    if (WaitForStatusTimeoutError.is(error)) {
      printResult(out, error.lastMessage);
      throw new CliError(
        `timed out after ${timeoutS}s: message ${error.lastMessage.id} is still "${error.lastMessage.status}" (waiting for "${options.wait}")`,
        { code: 'WAIT_TIMEOUT' },
      );
    }
    throw error;
  }
  printResult(out, message);
}

function printResult(out: Output, message: Message): void {
  if (out.json) printMessage(out, message);
  else if (message.status === 'scheduled' && message.send_at) {
    out.line(
      `${message.id} scheduled for ${message.send_at} → ${message.to} (cancel: wagw messages cancel ${message.id})`,
    );
  } else out.line(`${message.id} ${message.status} → ${message.to}`);
}

/** The flags of `SendFlags`, added to a `wagw send <type>` command. */
export function sendFlags(cmd: Command): Command {
  return cmd
    .option('--session <id>', 'session to send from (ses_…; default: `wagw sessions use`)')
    .option(
      '--to <phone>',
      'recipient: E.164 with + (e.g. +15551234567), a group id (…@g.us) or an owned channel (…@newsletter)',
    )
    .addOption(
      new Option('--wait <status>', 'wait until the message is sent, delivered or read').choices(
        WAIT_STATUSES,
      ),
    )
    .option('--timeout <seconds>', 'how long --wait waits', integer(1), DEFAULT_TIMEOUT_S)
    .option('--idempotency-key <key>', 'send at most once per key, even when the command is re-run')
    .option('--at <time>', 'send later: an ISO 8601 time or a duration from now (30m, 2h, 1d)');
}

export const WAIT_HELP = '\nWith --wait, exits 1 if the message fails or the wait times out.\n';
