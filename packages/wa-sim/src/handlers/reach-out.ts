import type { SimConnection } from '../connection.js';
import { deliverToDevice, liveDevices, type SimContext } from '../context.js';
import { type BinaryNode, child, iqError, iqResult, node, nowSeconds, SERVER_JID, text } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import { randomMessageId } from '../state/ids.js';

/** Baileys' `QueryIds.REACHOUT_TIMELOCK` (fetchAccountReachoutTimelock). */
const REACHOUT_QUERY_ID = '23983697327930364';

const MAX_TIMER_MS = 2 ** 31 - 1;

const accountOf = (ctx: SimContext, phone: string): Account => {
  const account = ctx.accounts.get(phone);
  if (!account) throw new Error(`unknown account: ${phone}`);
  return account;
};

const activeLock = (account: Account): { until: number } | undefined =>
  account.reachOutLock && account.reachOutLock.until > Date.now() ? account.reachOutLock : undefined;

const payloadOf = (account: Account): Record<string, unknown> => {
  const lock = activeLock(account);
  return lock
    ? {
        is_active: true,
        time_enforcement_ends: String(Math.ceil(lock.until / 1000)),
        enforcement_type: 'DEFAULT',
      }
    : { is_active: false, time_enforcement_ends: '0', enforcement_type: 'DEFAULT' };
};

/** The mex notification Baileys turns into `connection.update { reachoutTimeLock }`. */
const notifyLock = (account: Account): void => {
  const json = JSON.stringify({ data: { xwa2_notify_account_reachout_timelock: payloadOf(account) } });
  const stanza = node(
    'notification',
    { from: SERVER_JID, type: 'mex', id: randomMessageId(), t: nowSeconds() },
    [node('update', { op_name: 'NotificationUserReachoutTimelockUpdate' }, Buffer.from(json, 'utf8'))],
  );
  for (const device of liveDevices(account)) deliverToDevice(device, stanza);
};

/**
 * Until `until`, the account cannot start new 1:1 chats: such sends are acked with error 463 and
 * dropped (chats with an earlier message either way, and groups, still work). Its devices get the
 * reach-out timelock notification now and when the lock lifts.
 */
export const setReachOutLock = (ctx: SimContext, phone: string, until: Date): void => {
  const account = accountOf(ctx, phone);
  const at = until.getTime();
  if (!Number.isFinite(at)) throw new Error('until must be a valid date');
  const lock = { until: at };
  account.reachOutLock = lock;
  notifyLock(account);
  const lift = (): void => {
    if (account.reachOutLock !== lock) return;
    // Timers cannot wait longer than ~24.8 days: a later `until` is waited for in steps.
    const left = at - Date.now();
    if (left > 0) {
      ctx.schedule(lift, Math.min(left, MAX_TIMER_MS));
      return;
    }
    account.reachOutLock = undefined;
    notifyLock(account);
  };
  lift();
};

/** Lifts a reach-out lock at once (and tells the account's devices); a no-op without one. */
export const clearReachOutLock = (ctx: SimContext, phone: string): void => {
  const account = accountOf(ctx, phone);
  if (!account.reachOutLock) return;
  account.reachOutLock = undefined;
  notifyLock(account);
};

/** True when a send from `account` to `peer` (a 1:1 chat) must be refused with 463. */
export const reachOutRefused = (ctx: SimContext, account: Account, peer: string): boolean =>
  !!activeLock(account) && !ctx.log.hasChat(account.phone, peer);

/** `iq xmlns=w:mex`: answers the reach-out timelock query; other queries are not implemented. */
export const handleMexIq = (ctx: SimContext, conn: SimConnection, iq: BinaryNode): BinaryNode => {
  const query = child(iq, 'query');
  const [phone] = (conn.deviceKey ?? '').split(':');
  const account = phone ? ctx.accounts.get(phone) : undefined;
  if (query?.attrs.query_id !== REACHOUT_QUERY_ID || !account) {
    ctx.logger.debug({ queryId: query?.attrs.query_id, body: text(query) }, 'unsupported mex query');
    return iqError(iq, 501, 'feature-not-implemented');
  }
  const json = JSON.stringify({ data: { xwa2_fetch_account_reachout_timelock: payloadOf(account) } });
  return iqResult(iq, [node('result', {}, Buffer.from(json, 'utf8'))]);
};
