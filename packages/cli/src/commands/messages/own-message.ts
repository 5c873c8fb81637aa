import type { Message } from '@wagw/sdk';
import { type Command, Option } from 'commander';
import { integer } from '../../command-kit.js';
import type { ApiClient } from '../../context.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_TIMEOUT_S, type SendFlags, WAIT_STATUSES } from '../send/send-flow.js';

/** The flags of `messages edit|delete|forward`: those of `wagw send` but the session (the message's). */
export type ChangeFlags = Omit<SendFlags, 'session' | 'to'>;

/** Adds `--wait`, `--timeout` and `--idempotency-key`, as `wagw send` has them. */
export function changeFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--wait <status>', 'wait until the change is sent, delivered or read').choices(
        WAIT_STATUSES,
      ),
    )
    .option('--timeout <seconds>', 'how long --wait waits', integer(1), DEFAULT_TIMEOUT_S)
    .option('--idempotency-key <key>', 'send at most once per key, even when the command is re-run');
}

/**
 * Reads the message a change is about: the server needs its chat, which a message this session
 * sent names in `to`. Received messages cannot be edited or deleted for everyone.
 */
export async function sentMessage(
  api: ApiClient,
  id: string,
  action: 'edited' | 'deleted',
): Promise<Message & { to: string }> {
  const message = await api.messages.get(id);
  if (message.direction !== 'outbound' || message.to === null) {
    throw new UsageError(
      `${id} was received from ${message.from ?? message.from_lid ?? 'a contact'}: only messages this session sent can be ${action}.`,
    );
  }
  return message as Message & { to: string };
}
