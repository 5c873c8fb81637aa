import { type Message, MessageFailedError, type MessageStatus, WaitForStatusTimeoutError } from '@wagw/sdk';
import { type Command, Option } from 'commander';
import { type ApiFlags, apiCommand, integer, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { Output } from '../../output.js';
import { printMessage } from '../messages/render.js';
import { sessionOrDefault } from '../sessions/use.js';

export const WAIT_STATUSES = ['sent', 'delivered', 'read'] as const satisfies readonly MessageStatus[];

export interface SendTextOptions extends ApiFlags {
  session?: string;
  to?: string;
  text?: string;
  /** Wait until the message reaches this status (or a later one). */
  wait?: (typeof WAIT_STATUSES)[number];
  /** Seconds `--wait` waits. Default 30. */
  timeout?: number;
  idempotencyKey?: string;
}

const DEFAULT_TIMEOUT_S = 30;

export async function run(options: SendTextOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await valueOrPrompt(ctx, await sessionOrDefault(ctx, options.session), {
    flag: '--session',
    message: 'Session id (ses_…)',
  });
  const to = await valueOrPrompt(ctx, options.to, {
    flag: '--to',
    message: 'To (phone number, e.g. +15551234567)',
  });
  const text = await valueOrPrompt(ctx, options.text, { flag: '--text', message: 'Text' });

  let message = await api.messages.send(
    session,
    { type: 'text', to, text },
    options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : undefined,
  );
  if (!options.wait) {
    if (out.json) out.printJson(message);
    else out.line(`${message.id} ${message.status} → ${message.to}`);
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
  else out.line(`${message.id} ${message.status} → ${message.to}`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('text', 'send a text message')
    .option('--session <id>', 'session to send from (ses_…; default: `wagw sessions use`)')
    .option('--to <phone>', 'recipient, E.164 with + (e.g. +15551234567)')
    .option('--text <text>', 'message text')
    .addOption(
      new Option('--wait <status>', 'wait until the message is sent, delivered or read').choices(
        WAIT_STATUSES,
      ),
    )
    .option('--timeout <seconds>', 'how long --wait waits', integer(1), DEFAULT_TIMEOUT_S)
    .option('--idempotency-key <key>', 'send at most once per key, even when the command is re-run')
    .action((options: SendTextOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw send text --session ses_123 --to +15551234567 --text "Hello"',
    'wagw send text --session ses_123 --to +15551234567 --text "Hi" --wait delivered',
    'wagw send text --session ses_123 --to +15551234567 --text "Order 42 shipped" --idempotency-key order-42 --json',
  ).addHelpText('after', '\nWith --wait, exits 1 if the message fails or the wait times out.\n');
}
