import { DELIVER_ONLY_TYPES, type InboundContent, type MessageContent } from '../content/types.js';
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
 * What a `reply` contact sends back: the same text, location, contact card(s) or poll (a new poll,
 * with its own secret); nothing for other types.
 */
const echoOf = (content: MessageContent | undefined): InboundContent | undefined => {
  switch (content?.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'location': {
      const { quotedId: _, live: __, ...location } = content;
      return location;
    }
    case 'contact':
    case 'contacts': {
      const { quotedId: _, ...cards } = content;
      return cards;
    }
    case 'poll': {
      const { quotedId: _, messageSecret: __, ...poll } = content;
      return poll;
    }
    default:
      return undefined;
  }
};

/**
 * A contact's reaction to one copy of a message: while it still has retries to ask for
 * (`retryRequests`), a retry receipt; otherwise delivered, read and reply per its behaviour, each
 * `receiptDelayMs` after the previous step. Steps already taken for an earlier copy are not repeated.
 * Reactions, edits, revokes and poll votes are delivered but never read (they are no messages of
 * their own on a phone), so they get no reply either.
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
    const content = entry.content;
    const deliverOnly = content !== undefined && DELIVER_ONLY_TYPES.has(content.type);
    if (behaviour === 'auto-deliver' || deliverOnly || entry.readAt !== undefined) return;
    ctx.schedule(() => {
      if (entry.readAt !== undefined) return;
      entry.readAt = Date.now();
      sendContactReceipt(contact, account, entry, 'read', viaLid);
      if (behaviour !== 'reply') return;
      ctx.schedule(() => {
        if (content === undefined) {
          ctx.logger.warn({ id: entry.id }, 'reply contact could not decrypt the message; no reply');
          return;
        }
        const echo = echoOf(content);
        if (!echo) {
          ctx.logger.info({ id: entry.id, type: content.type }, 'reply contact does not echo this type');
          return;
        }
        injectInbound(ctx, { to: account.phone, from: contact.phone, content: echo });
      }, delay);
    }, delay);
  }, delay);
};
