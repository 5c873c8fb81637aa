import type { SimContext } from '../context.js';
import { node } from '../nodes.js';
import type { Account } from '../state/accounts.js';

const accountOf = (ctx: SimContext, phone: string): Account => {
  const account = ctx.accounts.get(phone);
  if (!account) throw new Error(`unknown account: ${phone}`);
  return account;
};

/**
 * Kicks every connected device of an account. `401` sends `<failure reason=401/>` and removes the
 * device (logged out for good); any other code is a `<stream:error code=…/>` (440 adds `<conflict/>`).
 * Returns how many connections were kicked.
 */
export const kick = (ctx: SimContext, phone: string, code: number): number => {
  const account = accountOf(ctx, phone);
  let kicked = 0;
  for (const device of [...account.devices.values()]) {
    const conn = device.conn;
    if (code === 401) account.devices.delete(device.id);
    if (!conn || conn.closed) continue;
    kicked++;
    if (code === 401) conn.kick(node('failure', { reason: '401', location: 'sim' }));
    else conn.streamError(code);
  }
  return kicked;
};

/** Drops every connection of an account without a word: the client sees a transient close. */
export const disconnect = (ctx: SimContext, phone: string): number => {
  const account = accountOf(ctx, phone);
  let dropped = 0;
  for (const device of account.devices.values()) {
    if (device.conn && !device.conn.closed) {
      device.conn.terminate();
      dropped++;
    }
  }
  return dropped;
};

/** The account's next `count` sends are acked with `error=code` and relayed nowhere. */
export const failNextSends = (ctx: SimContext, phone: string, code: number, count: number): void => {
  if (!Number.isInteger(code) || code <= 0) throw new Error('code must be a positive integer');
  if (!Number.isInteger(count) || count < 0) throw new Error('count must be a non-negative integer');
  accountOf(ctx, phone).failNext = count > 0 ? { code, remaining: count } : undefined;
};
