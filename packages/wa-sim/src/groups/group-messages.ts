import { proto } from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import { decodeContent } from '../content/decode.js';
import { deliverToDevice, liveDevices, resolveJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, child, children, node, nowSeconds } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import type { Contact } from '../state/contacts.js';
import { type Group, isAdmin } from '../state/groups.js';
import { randomMessageId } from '../state/ids.js';
import type { RelayedMessage } from '../types.js';
import { pnJid } from './group-nodes.js';

export interface GroupInboundOptions {
  /** The group id (`…@g.us`). */
  group: string;
  /** The member contact that sends. */
  from: string;
  text: string;
  /** Message id; random when omitted. */
  id?: string;
}

const memberAccounts = (ctx: SimContext, group: Group): Account[] =>
  [...group.participants.keys()].flatMap((phone) => ctx.accounts.get(phone) ?? []);

/** The receipt times a member gave a group message (created empty). */
const receiptOf = (entry: RelayedMessage, phone: string): { deliveredAt?: number; readAt?: number } => {
  entry.receipts ??= {};
  entry.receipts[phone] ??= {};
  return entry.receipts[phone];
};

/** A member contact's delivered / read receipt for a group message, per its behaviour. */
const scheduleGroupReceipts = (
  ctx: SimContext,
  group: Group,
  contact: Contact,
  sender: Account,
  entry: RelayedMessage,
): void => {
  const { behaviour, receiptDelayMs: delay } = contact;
  if (behaviour === 'never-deliver') return;
  const send = (type: 'read' | undefined): void => {
    receiptOf(entry, contact.phone)[type === 'read' ? 'readAt' : 'deliveredAt'] = Date.now();
    const stanza = node('receipt', {
      from: group.id,
      participant: pnJid(contact.phone),
      id: entry.id,
      t: nowSeconds(),
      type,
    });
    for (const device of liveDevices(sender)) deliverToDevice(device, stanza);
  };
  ctx.schedule(() => {
    send(undefined);
    if (behaviour === 'auto-deliver') return;
    ctx.schedule(() => send('read'), delay);
  }, delay);
};

/**
 * A group `<message>` from a logged-in device (`<enc type=skmsg>` plus per-device sender-key
 * distribution in `<participants>`): member contacts take the sender key and decrypt the text for the
 * log, every other member account device gets the skmsg (with its distribution copy when there is
 * one, `participant` = sender), the sender is acked, and member contacts send receipts.
 */
export const handleGroupMessage = async (
  ctx: SimContext,
  conn: SimConnection,
  stanza: BinaryNode,
): Promise<void> => {
  const sender = senderOf(ctx, conn);
  const { id, to } = stanza.attrs;
  if (!sender || !id || !to) return;
  const ack = (error?: number): void =>
    conn.send(
      node('ack', {
        class: 'message',
        id,
        from: to,
        t: nowSeconds(),
        error: error ? String(error) : undefined,
      }),
    );
  const { account, device } = sender;
  const group = ctx.groups.get(to);
  if (!group) return ack(404);
  const entry = ctx.log.add({
    id,
    direction: 'account-to-group',
    from: account.phone,
    to: group.id,
    group: group.id,
    fromDevice: `${account.phone}:${device}`,
    sentAt: Date.now(),
  });
  const forced = account.failNext && account.failNext.remaining > 0 ? account.failNext : undefined;
  const refusal =
    forced?.code ??
    (!group.participants.has(account.phone) || (group.announce && !isAdmin(group, account.phone))
      ? 403
      : undefined);
  if (refusal) {
    if (forced) forced.remaining--;
    entry.ackError = refusal;
    entry.ackedAt = Date.now();
    return ack(refusal);
  }
  const skmsg = children(stanza).find((c) => c.tag === 'enc' && c.attrs.type === 'skmsg');
  const identity = child(stanza, 'device-identity');
  const author = `${account.phone}:${device}@s.whatsapp.net`;
  const distribution = new Map<string, BinaryNode>();
  for (const toNode of children(child(stanza, 'participants'), 'to')) {
    const party = resolveJid(ctx, toNode.attrs.jid);
    const enc = child(toNode, 'enc');
    if (!party || !enc || !(enc.content instanceof Uint8Array)) continue;
    if (party.kind === 'account') {
      distribution.set(`${party.account.phone}:${party.device ?? 0}`, enc);
      continue;
    }
    // A member contact takes the sender key (sent once per member device, with the first message).
    const signal = party.contact.signal;
    const decrypted = await signal.decrypt(`${account.lid}:${device}@lid`, enc.attrs.type ?? '', enc.content);
    const skdm = decrypted?.senderKeyDistributionMessage;
    if (skdm) await signal.processSenderKey(skdm, author);
  }
  // The first member contact holding the sender key reads the text for the log.
  for (const phone of skmsg?.content instanceof Uint8Array ? group.participants.keys() : []) {
    const contact = phone === account.phone ? undefined : ctx.contacts.get(phone);
    if (!contact || !(skmsg?.content instanceof Uint8Array)) continue;
    const message = await contact.signal.decryptGroup(group.id, author, skmsg.content);
    if (!message) continue;
    const content = decodeContent(message);
    if (content) entry.content = content;
    if (content?.type === 'text') entry.text = content.text;
    ctx.log.attachMessage(entry, message);
    break;
  }
  if (skmsg) {
    for (const member of memberAccounts(ctx, group)) {
      for (const target of liveDevices(member)) {
        if (member === account && target.id === device) continue;
        const pkmsg = distribution.get(`${member.phone}:${target.id}`);
        const content = pkmsg ? [pkmsg, skmsg, ...(identity ? [identity] : [])] : [skmsg];
        deliverToDevice(
          target,
          node(
            'message',
            {
              from: group.id,
              participant: author,
              participant_lid: `${account.lid}:${device}@lid`,
              addressing_mode: 'pn',
              id,
              t: nowSeconds(),
              type: stanza.attrs.type ?? 'text',
              notify: account.name,
            },
            content,
          ),
        );
      }
    }
  }
  entry.ackedAt = Date.now();
  ack();
  for (const phone of group.participants.keys()) {
    const contact = phone === account.phone ? undefined : ctx.contacts.get(phone);
    if (contact && !ctx.accounts.get(phone)) scheduleGroupReceipts(ctx, group, contact, account, entry);
  }
};

/**
 * A receipt a member account's device sends for a group message: forwarded to the sender's devices
 * as `<receipt from=group participant=reader>`, once per kind.
 */
export const relayGroupReceipt = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const me = senderOf(ctx, conn);
  const { id, to, type, participant } = stanza.attrs;
  const group = to ? ctx.groups.get(to) : undefined;
  if (!me || !id || !group || !participant) return;
  const kind = type === 'read' || type === 'played' ? 'read' : type === undefined ? 'delivered' : undefined;
  const author = resolveJid(ctx, participant);
  if (!kind || author?.kind !== 'account') return;
  const entry = ctx.log.find(id, author.account.phone);
  if (!entry || entry.group !== group.id) return;
  const seen = receiptOf(entry, me.account.phone);
  const field = kind === 'read' ? 'readAt' : 'deliveredAt';
  if (seen[field] !== undefined) return;
  seen[field] = Date.now();
  const out = node('receipt', {
    from: group.id,
    participant: pnJid(me.account.phone),
    id,
    t: nowSeconds(),
    type: kind === 'read' ? type : undefined,
  });
  for (const device of liveDevices(author.account)) deliverToDevice(device, out);
};

/**
 * A member contact sends a text to the group: every member account device gets it (as `<plaintext>`,
 * which Baileys takes without Signal, `participant` = the contact).
 */
export const injectGroupInbound = (ctx: SimContext, options: GroupInboundOptions): { id: string } => {
  const group = ctx.groups.get(options.group);
  if (!group) throw new Error(`unknown group: ${options.group}`);
  const contact = ctx.contacts.get(options.from);
  if (!contact || !group.participants.has(contact.phone)) {
    throw new Error(`${options.from} is not a member contact of ${group.id}`);
  }
  const id = options.id ?? randomMessageId();
  const message: proto.IMessage = { conversation: options.text };
  const stanza = node(
    'message',
    {
      from: group.id,
      participant: pnJid(contact.phone),
      participant_lid: `${contact.lid}@lid`,
      addressing_mode: 'pn',
      id,
      t: nowSeconds(),
      type: 'text',
      notify: contact.pushName,
    },
    [node('plaintext', {}, proto.Message.encode(message).finish())],
  );
  for (const member of memberAccounts(ctx, group)) {
    for (const device of liveDevices(member)) deliverToDevice(device, stanza);
  }
  const entry = ctx.log.add({
    id,
    direction: 'contact-to-group',
    from: contact.phone,
    to: group.id,
    group: group.id,
    text: options.text,
    content: { type: 'text', text: options.text },
    sentAt: Date.now(),
  });
  ctx.log.attachMessage(entry, message);
  return { id };
};
