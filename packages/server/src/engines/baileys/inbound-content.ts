import { getContentType, normalizeMessageContent, type proto } from '@whiskeysockets/baileys';
import {
  textOf as bodyText,
  type ContactCard,
  isTargeted,
  type MessageBody,
  type MessageRef,
} from '../../domain/message-body.js';
import { identityOf, jidToLid, jidToPhone } from './mapping.js';

/** This session's own account, to tell whether a quoted message is ours. */
export interface OwnAccount {
  /** E.164. */
  phone?: string | undefined;
  /** 'digits@lid'. */
  lid?: string | undefined;
}

/** The account from the socket's user and the creds' `me` (either may lack one of the two). */
export function ownAccount(
  user: { id?: string; lid?: string | undefined } | undefined,
  me: { id?: string; lid?: string | undefined } | undefined,
): OwnAccount {
  return {
    phone: jidToPhone(user?.id) ?? jidToPhone(me?.id),
    lid: jidToLid(me?.lid) ?? jidToLid(user?.lid),
  };
}

type WithContext = { contextInfo?: proto.IContextInfo | null };

/**
 * A message as Baileys decrypted it → what it says, or undefined when it is nothing a user wrote
 * that the gateway models (protocol messages such as edits and revokes, key distribution, poll
 * votes, media for now, and anything unknown). Wrappers (ephemeral, view-once, device-sent) are
 * unwrapped. References carry WhatsApp ids only (`messageId: null`): the gateway resolves them.
 * A reaction's target key is read as Baileys leaves it, already turned to this account's view
 * (`fromMe: true` for a message this account sent).
 */
export function inboundContent(
  message: proto.IMessage | null | undefined,
  me: OwnAccount,
): MessageBody | undefined {
  const inner = normalizeMessageContent(message?.deviceSentMessage?.message ?? message);
  // Only the fields that are set: a plain object may carry nulls where a decoded one has nothing.
  const type = inner ? getContentType(present(inner)) : undefined;
  if (!inner || !type) return undefined;
  const context = (inner[type] as WithContext | null | undefined)?.contextInfo;
  const body = bodyOf(inner, type, context);
  if (!body || isTargeted(body)) return body;
  const replyTo = replyOf(context, me);
  return replyTo ? { ...body, replyTo } : body;
}

const present = (m: proto.IMessage): proto.IMessage =>
  Object.fromEntries(Object.entries(m).filter(([, value]) => value !== null && value !== undefined));

/** The content, without its reply reference. */
function bodyOf(
  m: proto.IMessage,
  type: keyof proto.IMessage,
  context: proto.IContextInfo | null | undefined,
): MessageBody | undefined {
  switch (type) {
    case 'conversation':
      return typeof m.conversation === 'string' ? { type: 'text', text: m.conversation } : undefined;
    case 'extendedTextMessage': {
      const mentions = (context?.mentionedJid ?? []).flatMap((jid) => jidToPhone(jid) ?? []);
      return {
        type: 'text',
        text: m.extendedTextMessage?.text ?? '',
        ...(mentions.length > 0 && { mentions }),
      };
    }
    case 'locationMessage': {
      const loc = m.locationMessage;
      if (typeof loc?.degreesLatitude !== 'number' || typeof loc.degreesLongitude !== 'number')
        return undefined;
      return {
        type: 'location',
        latitude: loc.degreesLatitude,
        longitude: loc.degreesLongitude,
        name: loc.name || null,
        address: loc.address || null,
      };
    }
    case 'contactMessage':
    case 'contactsArrayMessage': {
      const cards = m.contactMessage ? [m.contactMessage] : (m.contactsArrayMessage?.contacts ?? []);
      const contacts = cards.map(contactCard);
      return contacts.length > 0 ? { type: 'contact', contacts } : undefined;
    }
    case 'pollCreationMessage':
    case 'pollCreationMessageV2':
    case 'pollCreationMessageV3':
    case 'pollCreationMessageV5':
      return pollOf(m[type] as proto.Message.IPollCreationMessage | null | undefined);
    case 'pollCreationMessageV4': {
      const inner = m.pollCreationMessageV4?.message;
      return pollOf(
        inner?.pollCreationMessage ?? inner?.pollCreationMessageV2 ?? inner?.pollCreationMessageV3,
      );
    }
    case 'reactionMessage': {
      const reaction = m.reactionMessage;
      const id = reaction?.key?.id;
      if (!id) return undefined;
      return {
        type: 'reaction',
        target: { messageId: null, waMessageId: id, fromMe: reaction.key?.fromMe === true, text: null },
        emoji: reaction.text ?? '',
      };
    }
    default:
      return undefined;
  }
}

function pollOf(poll: proto.Message.IPollCreationMessage | null | undefined): MessageBody | undefined {
  if (!poll) return undefined;
  const options = (poll.options ?? []).map((o) => o.optionName ?? '');
  const count = poll.selectableOptionsCount ?? 0;
  return {
    type: 'poll',
    question: poll.name ?? '',
    options,
    // WhatsApp's 0 means "any number": as many as there are options.
    selectableCount: count > 0 ? Math.min(count, options.length) : options.length,
  };
}

function contactCard(card: proto.Message.IContactMessage): ContactCard {
  const vcard = card.vcard ?? '';
  const phone = vcardPhone(vcard);
  return { name: card.displayName || vcardName(vcard) || phone || '', phone, vcard };
}

/** The vCard's phone as E.164: WhatsApp's `waid=` parameter, else the first TEL in international form. */
export function vcardPhone(vcard: string): string | null {
  const lines = unfold(vcard);
  for (const line of lines) {
    const waid = /^(?:[\w-]+\.)?TEL[;:].*?\bwaid=(\d{5,15})\b/i.exec(line);
    if (waid) return `+${waid[1]}`;
  }
  for (const line of lines) {
    const tel = /^(?:[\w-]+\.)?TEL(?:;[^:]*)?:(.*)$/i.exec(line);
    const value = tel?.[1]?.trim().replace(/^tel:/i, '');
    if (!value?.startsWith('+')) continue;
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 5 && digits.length <= 15) return `+${digits}`;
  }
  return null;
}

function vcardName(vcard: string): string | undefined {
  for (const line of unfold(vcard)) {
    const fn = /^(?:[\w-]+\.)?FN(?:;[^:]*)?:(.*)$/i.exec(line);
    const name = fn?.[1]?.trim().replace(/\\([\\,;])/g, '$1');
    if (name) return name;
  }
  return undefined;
}

/** vCard lines, with folded continuation lines joined back. */
const unfold = (vcard: string): string[] => vcard.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);

/** The message a reply quotes: its id, whether this account wrote it, and its text. */
function replyOf(context: proto.IContextInfo | null | undefined, me: OwnAccount): MessageRef | undefined {
  if (!context?.stanzaId) return undefined;
  const author = identityOf(context.participant);
  const fromMe =
    (author.phone !== undefined && author.phone === me.phone) ||
    (author.lid !== undefined && author.lid === me.lid);
  return { messageId: null, waMessageId: context.stanzaId, fromMe, text: quotedText(context.quotedMessage) };
}

type Captioned = { caption?: string | null } | null | undefined;

/** What the quote above a reply shows: a text, a caption, a poll's question, a place's name. */
function quotedText(message: proto.IMessage | null | undefined): string | null {
  const inner = normalizeMessageContent(message);
  if (!inner) return null;
  if (typeof inner.conversation === 'string') return inner.conversation || null;
  if (inner.extendedTextMessage) return inner.extendedTextMessage.text || null;
  for (const media of [inner.imageMessage, inner.videoMessage, inner.documentMessage] as Captioned[]) {
    if (media) return media.caption || null;
  }
  const body = inboundContent(inner, {});
  return body ? bodyText(body) : null;
}
