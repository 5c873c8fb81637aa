import { proto } from '@whiskeysockets/baileys';
import { deliverToDevice, liveDevices, lookupContact, type SimContext } from '../context.js';
import { node, nowSeconds } from '../nodes.js';
import { randomMessageId } from '../state/ids.js';

export interface InboundOptions {
  /** The simulated account that receives the message. */
  to: string;
  /**
   * The external sender's phone number; if unknown it becomes a contact: by its last digits with
   * `unknownNumbers: 'by-last-digits'`, otherwise `auto-deliver`.
   */
  from: string;
  text: string;
  /** Message id; random when omitted. */
  id?: string;
  /** Push name shown by the client (`notify`); defaults to the contact's. */
  pushName?: string;
}

/**
 * Delivers a text from an external number as `<plaintext>` (no Signal needed), PN-addressed with the
 * sender's LID in `sender_lid`: Baileys gives `key.remoteJid = <phone>@s.whatsapp.net` and
 * `key.remoteJidAlt = <lid>@lid`. Offline or inactive devices get it on their next login.
 */
export const injectInbound = (ctx: SimContext, options: InboundOptions): { id: string } => {
  const account = ctx.accounts.get(options.to);
  if (!account) throw new Error(`unknown account: ${options.to}`);
  const contact = lookupContact(ctx, options.from) ?? ctx.contacts.upsert({ phone: options.from });
  const id = options.id ?? randomMessageId();
  const t = nowSeconds();
  const bytes = proto.Message.encode({ conversation: options.text }).finish();
  const stanza = node(
    'message',
    {
      from: `${contact.phone}@s.whatsapp.net`,
      sender_lid: `${contact.lid}@lid`,
      id,
      t,
      type: 'text',
      notify: options.pushName ?? contact.pushName,
    },
    [node('plaintext', {}, bytes)],
  );
  for (const device of liveDevices(account)) deliverToDevice(device, stanza);
  ctx.log.add({
    id,
    direction: 'contact-to-account',
    from: contact.phone,
    to: account.phone,
    text: options.text,
    sentAt: Date.now(),
  });
  return { id };
};
