import { deliverToDevice, liveDevices, type SimContext } from '../context.js';
import { node, nowSeconds } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import type { Contact } from '../state/contacts.js';
import type { RelayedMessage } from '../types.js';
import { injectInbound } from './inbound.js';
import { sendRetryReceipt } from './retries.js';

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

/**
 * A contact's reaction to one copy of a message: while it still has retries to ask for
 * (`retryRequests`), a retry receipt; otherwise delivered, read and reply per its behaviour, each
 * `receiptDelayMs` after the previous step. Steps already taken for an earlier copy are not repeated.
 */
export const scheduleContactReactions = (
  ctx: SimContext,
  contact: Contact,
  account: Account,
  entry: RelayedMessage,
  viaLid: boolean,
): void => {
  const { behaviour, receiptDelayMs: delay } = contact;
  if ((entry.resends?.length ?? 0) < contact.retryRequests) {
    ctx.schedule(() => {
      const jid = viaLid ? `${contact.lid}@lid` : `${contact.phone}@s.whatsapp.net`;
      sendRetryReceipt(ctx, entry, { jid, registrationId: contact.signal.registrationId });
    }, delay);
    return;
  }
  if (behaviour === 'never-deliver') return;
  ctx.schedule(() => {
    if (entry.deliveredAt === undefined) {
      entry.deliveredAt = Date.now();
      sendContactReceipt(contact, account, entry, undefined, viaLid);
    }
    if (behaviour === 'auto-deliver' || entry.readAt !== undefined) return;
    ctx.schedule(() => {
      if (entry.readAt !== undefined) return;
      entry.readAt = Date.now();
      sendContactReceipt(contact, account, entry, 'read', viaLid);
      if (behaviour !== 'reply') return;
      ctx.schedule(() => {
        const text = entry.resends?.at(-1)?.text ?? entry.text;
        if (text === undefined) {
          ctx.logger.warn({ id: entry.id }, 'reply contact could not decrypt the message; no reply');
          return;
        }
        injectInbound(ctx, { to: account.phone, from: contact.phone, text });
      }, delay);
    }, delay);
  }, delay);
};
