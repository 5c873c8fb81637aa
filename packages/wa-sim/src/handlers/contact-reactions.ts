import { deliverToDevice, liveDevices, type SimContext } from '../context.js';
import { node, nowSeconds } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import type { Contact } from '../state/contacts.js';
import type { RelayedMessage } from '../types.js';
import { injectInbound } from './inbound.js';

/** Sends a receipt from a contact to every device of the account that sent the message. */
const sendContactReceipt = (
  contact: Contact,
  account: Account,
  entry: RelayedMessage,
  type: 'read' | undefined,
  viaLid: boolean,
): void => {
  const from = viaLid ? `${contact.lid}@lid` : `${contact.phone}@s.whatsapp.net`;
  for (const device of liveDevices(account)) {
    deliverToDevice(device, node('receipt', { from, id: entry.id, t: nowSeconds(), type }));
  }
};

/** Delivered, read and reply from a contact, each `receiptDelayMs` after the previous step. */
export const scheduleContactReactions = (
  ctx: SimContext,
  contact: Contact,
  account: Account,
  entry: RelayedMessage,
  viaLid: boolean,
): void => {
  const { behaviour, receiptDelayMs: delay } = contact;
  if (behaviour === 'never-deliver') return;
  ctx.schedule(() => {
    entry.deliveredAt = Date.now();
    sendContactReceipt(contact, account, entry, undefined, viaLid);
    if (behaviour === 'auto-deliver') return;
    ctx.schedule(() => {
      entry.readAt = Date.now();
      sendContactReceipt(contact, account, entry, 'read', viaLid);
      if (behaviour !== 'reply') return;
      ctx.schedule(() => {
        if (entry.text === undefined) {
          ctx.logger.warn({ id: entry.id }, 'reply contact could not decrypt the message; no reply');
          return;
        }
        injectInbound(ctx, { to: account.phone, from: contact.phone, text: entry.text });
      }, delay);
    }, delay);
  }, delay);
};
