import type { SimConnection } from '../connection.js';
import {
  deliverToDevice,
  deviceJid,
  liveDevices,
  resolveJid,
  type SimContext,
  senderOf,
} from '../context.js';
import { type BinaryNode, children, node, nowSeconds, writeUInt } from '../nodes.js';
import type { Device } from '../state/accounts.js';
import type { RelayedMessage } from '../types.js';

/** The device (`phone:id`) of an account that sent a logged message, if it is still paired. */
const sendingDevice = (ctx: SimContext, entry: RelayedMessage): Device | undefined => {
  const [phone, id] = (entry.fromDevice ?? '').split(':');
  const account = phone ? ctx.accounts.get(phone) : undefined;
  return account ? liveDevices(account).find((d) => d.id === Number(id)) : undefined;
};

/**
 * A primary device (device 0 of a contact or of an account's phone) that "could not decrypt"
 * `entry` asks the sending device for it again, as WhatsApp clients do:
 * `<receipt from=RECIPIENT id type=retry><retry count id t v/><registration/></receipt>`. Baileys
 * answers by re-encrypting the message it gets from `getMessage` (or its recent-message cache) to
 * every device of the recipient, with the same id. No `<keys>`: the sender keeps its session.
 */
export const sendRetryReceipt = (
  ctx: SimContext,
  entry: RelayedMessage,
  recipient: { jid: string; registrationId: number },
): void => {
  const device = sendingDevice(ctx, entry);
  if (!device) {
    ctx.logger.info({ id: entry.id, from: entry.fromDevice }, 'retry receipt dropped: sender device is gone');
    return;
  }
  const count = (entry.retryRequests ?? 0) + 1;
  entry.retryRequests = count;
  deliverToDevice(
    device,
    node('receipt', { from: recipient.jid, id: entry.id, t: nowSeconds(), type: 'retry' }, [
      node('retry', {
        count: String(count),
        id: entry.id,
        t: String(Math.floor(entry.sentAt / 1000)),
        v: '1',
        error: '0',
      }),
      node('registration', {}, writeUInt(recipient.registrationId, 4)),
    ]),
  );
};

/**
 * `Simulator.requestRetry`: the recipient's primary device (the contact, or the account's phone)
 * asks the sender of the logged message `id` for another copy.
 */
export const requestRetry = (ctx: SimContext, id: string): void => {
  const entry = ctx.log.find(id);
  if (!entry || entry.direction === 'contact-to-account') {
    throw new Error(`no message sent by an account with id ${id}`);
  }
  if (entry.ackError !== undefined) throw new Error(`message ${id} was refused (${entry.ackError})`);
  const account = ctx.accounts.get(entry.to);
  const contact = account ? undefined : ctx.contacts.get(entry.to);
  const signal = account?.primary ?? contact?.signal;
  if (!signal) throw new Error(`unknown recipient: ${entry.to}`);
  sendRetryReceipt(ctx, entry, {
    jid: `${entry.to}@s.whatsapp.net`,
    registrationId: signal.registrationId,
  });
};

/**
 * A retry receipt from a real client (it could not decrypt a message another account sent it):
 * forwarded to the sending device named in `to`, with its `<retry>`, `<registration>` and `<keys>`.
 */
export const relayRetryReceipt = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const me = senderOf(ctx, conn);
  const { id, to } = stanza.attrs;
  const target = resolveJid(ctx, to);
  if (!me || !id || target?.kind !== 'account') {
    ctx.logger.info({ id, to }, 'retry receipt not relayed: not addressed to an account');
    return;
  }
  const entry = ctx.log.find(id, target.account.phone);
  if (entry && entry.to === me.account.phone) entry.retryRequests = (entry.retryRequests ?? 0) + 1;
  const from = target.viaLid
    ? deviceJid(me.account.lid, 'lid', me.device)
    : deviceJid(me.account.phone, 's.whatsapp.net', me.device);
  const devices = liveDevices(target.account).filter(
    (d) => target.device === undefined || d.id === target.device,
  );
  const out = node(
    'receipt',
    { from, id, t: stanza.attrs.t ?? nowSeconds(), type: 'retry' },
    children(stanza).filter((c) => c.tag === 'retry' || c.tag === 'registration' || c.tag === 'keys'),
  );
  for (const device of devices) deliverToDevice(device, out);
};
