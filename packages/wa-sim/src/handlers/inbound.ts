import { randomBytes } from 'node:crypto';
import { normalizeMessageContent, proto } from '@whiskeysockets/baileys';
import { encodeInbound, type InboundRefs } from '../content/encode.js';
import { parseInboundContent } from '../content/parse.js';
import type { InboundContent, MediaContent, MessageContent } from '../content/types.js';
import { deliverToDevice, liveDevices, lookupContact, type SimContext } from '../context.js';
import { encryptMedia } from '../media/media-crypto.js';
import { node, nowSeconds } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import type { Contact } from '../state/contacts.js';
import { randomMessageId } from '../state/ids.js';
import type { RelayedMessage } from '../types.js';
import { encryptVote } from './poll-votes.js';

export interface InboundOptions {
  /** The simulated account that receives the message. */
  to: string;
  /**
   * The external sender's phone number; if unknown it becomes a contact: by its last digits with
   * `unknownNumbers: 'by-last-digits'`, otherwise `auto-deliver`.
   */
  from: string;
  /** A plain text; shorthand for `content: { type: 'text', text }`. Give `text` or `content`. */
  text?: string;
  /**
   * What to send, in the shape `RelayedMessage.content` has: text (with `quotedId`, `mentions`),
   * location, contact, contacts, poll, reaction, edit, revoke, poll_vote, or media with `data`
   * (uploaded to the media host). Reactions and votes target a message of this chat (it must be in
   * the log: wait for the server ack of a message the account sent); edits and revokes one this
   * contact sent.
   */
  content?: InboundContent;
  /** Message id; random when omitted. */
  id?: string;
  /** Push name shown by the client (`notify`); defaults to the contact's. */
  pushName?: string;
}

const pnJid = (phone: string): string => `${phone}@s.whatsapp.net`;

/** The quoted message as `contextInfo.quotedMessage` carries it: the content, no envelope. */
const quotable = (message: proto.IMessage | undefined): proto.IMessage | undefined => {
  const inner = normalizeMessageContent(message?.deviceSentMessage?.message ?? message);
  if (!inner) return undefined;
  const { messageContextInfo: _, ...rest } = inner;
  return rest;
};

/** A message of this chat the contact's message refers to; throws when the log has none. */
const targetOf = (
  ctx: SimContext,
  id: string,
  contact: Contact,
  account: Account,
  ownOnly: boolean,
): RelayedMessage => {
  if (ownOnly) {
    const entry = ctx.log.find(id, contact.phone);
    if (entry?.to === account.phone) return entry;
    throw new Error(`no message ${id} sent by ${contact.phone} to ${account.phone}`);
  }
  const entry = ctx.log.findInChat(id, contact.phone, account.phone);
  if (!entry) throw new Error(`no message ${id} between ${contact.phone} and ${account.phone}`);
  return entry;
};

/** Resolves what `content` refers to, and the content as it is logged (a new poll gets its secret). */
const resolve = (
  ctx: SimContext,
  content: InboundContent,
  contact: Contact,
  account: Account,
): { refs: InboundRefs; logged: MessageContent } => {
  const refs: InboundRefs = { nowMs: Date.now() };
  const chat = pnJid(account.phone);
  if ('quotedId' in content && content.quotedId) {
    const quoted = ctx.log.findInChat(content.quotedId, contact.phone, account.phone);
    const quotedMessage = quoted ? quotable(ctx.log.messageOf(quoted)) : undefined;
    refs.quoted = {
      stanzaId: content.quotedId,
      ...(quoted ? { participant: pnJid(quoted.from) } : {}),
      ...(quotedMessage ? { quotedMessage } : {}),
    };
  }
  switch (content.type) {
    case 'poll': {
      const secret = content.messageSecret ? Buffer.from(content.messageSecret, 'base64') : randomBytes(32);
      refs.messageSecret = secret;
      const selectableCount = content.selectableCount ?? 0;
      return { refs, logged: { ...content, selectableCount, messageSecret: secret.toString('base64') } };
    }
    case 'reaction': {
      const target = targetOf(ctx, content.targetId, contact, account, false);
      refs.target = { remoteJid: chat, fromMe: target.from === contact.phone, id: target.id };
      return { refs, logged: content };
    }
    case 'edit':
    case 'revoke': {
      const target = targetOf(ctx, content.targetId, contact, account, true);
      const kind = target.content?.type;
      if (
        content.type === 'edit' &&
        kind !== undefined &&
        !['text', 'image', 'video', 'document'].includes(kind)
      ) {
        throw new Error(`message ${target.id} is a ${kind}: only texts and captions can be edited`);
      }
      refs.target = { remoteJid: chat, fromMe: true, id: target.id };
      return { refs, logged: content };
    }
    case 'poll_vote': {
      const { key, vote } = encryptVote(ctx, content, contact, account);
      refs.target = key;
      refs.vote = vote;
      const { addressing: _, ...logged } = content;
      return { refs, logged };
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      if (!ctx.media) throw new Error('media needs the media host (the simulator runs with media: false)');
      const { data, ...rest } = content;
      const encrypted = encryptMedia(Buffer.from(data, 'base64'), content.type);
      const { file, ...keys } = encrypted;
      const stored = ctx.media.put(file);
      refs.media = { ...stored, ...keys };
      const logged: MediaContent = {
        ...rest,
        fileLength: encrypted.fileLength,
        ...stored,
        mediaKey: encrypted.mediaKey.toString('base64'),
        fileSha256: encrypted.fileSha256.toString('base64'),
        fileEncSha256: encrypted.fileEncSha256.toString('base64'),
      };
      return { refs, logged };
    }
    default:
      return { refs, logged: content };
  }
};

/**
 * Delivers a message from an external number as `<plaintext>` (no Signal needed), PN-addressed with
 * the sender's LID in `sender_lid`: Baileys gives `key.remoteJid = <phone>@s.whatsapp.net` and
 * `key.remoteJidAlt = <lid>@lid`. Offline or inactive devices get it on their next login. Throws
 * for invalid content or a reaction, edit, revoke or vote whose target is not in the log.
 */
export const injectInbound = (ctx: SimContext, options: InboundOptions): { id: string } => {
  const account = ctx.accounts.get(options.to);
  if (!account) throw new Error(`unknown account: ${options.to}`);
  if (options.text !== undefined && options.content !== undefined)
    throw new Error('give text or content, not both');
  if (options.text === undefined && options.content === undefined)
    throw new Error('text or content is required');
  const content = parseInboundContent(options.content ?? { type: 'text', text: options.text });
  const contact = lookupContact(ctx, options.from) ?? ctx.contacts.upsert({ phone: options.from });
  const { refs, logged } = resolve(ctx, content, contact, account);
  const encoded = encodeInbound(content, refs);
  const id = options.id ?? randomMessageId();
  const stanza = node(
    'message',
    {
      from: pnJid(contact.phone),
      sender_lid: `${contact.lid}@lid`,
      id,
      t: nowSeconds(),
      type: encoded.type,
      edit: encoded.edit,
      notify: options.pushName ?? contact.pushName,
    },
    [node('plaintext', {}, proto.Message.encode(encoded.message).finish())],
  );
  // A blocked sender's message is taken and dropped, as WhatsApp does (the sender sees one tick).
  const blocked = account.blocklist.has(contact.phone);
  if (!blocked) for (const device of liveDevices(account)) deliverToDevice(device, stanza);
  const entry = ctx.log.add({
    id,
    direction: 'contact-to-account',
    from: contact.phone,
    to: account.phone,
    ...(blocked && { blocked: true }),
    ...(logged.type === 'text' ? { text: logged.text } : {}),
    content: logged,
    sentAt: Date.now(),
  });
  ctx.log.attachMessage(entry, encoded.message);
  return { id };
};
