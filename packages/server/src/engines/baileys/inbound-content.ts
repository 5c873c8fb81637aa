import { getContentType, normalizeMessageContent, proto, toNumber } from '@whiskeysockets/baileys';
import {
  textOf as bodyText,
  type ContactCard,
  isTargeted,
  type MediaBody,
  type MediaMessageType,
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
 * A message as Baileys decrypted it → what it says, or undefined when it is nothing the gateway
 * models (other protocol messages, key distribution, anything unknown). Poll votes are encrypted:
 * see `poll-votes.ts`. Media comes without its file (`media.id: null`: the engine downloads and
 * stores it). Wrappers (ephemeral, view-once, device-sent, edited) are unwrapped. References carry
 * WhatsApp ids only (`messageId: null`): the gateway resolves them. A reaction's target key is read
 * as Baileys leaves it, already turned to this account's view (`fromMe: true` for a message this
 * account sent); an edit's or revoke's key is the sender's view of its own message.
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
  return {
    ...body,
    ...(context?.isForwarded === true && { forwarded: true }),
    ...(replyTo && { replyTo }),
  };
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
    case 'imageMessage':
    case 'videoMessage':
    case 'ptvMessage':
    case 'audioMessage':
    case 'documentMessage':
    case 'stickerMessage':
      return mediaOf(type, m[type] as AnyMedia | null | undefined);
    case 'protocolMessage':
      return protocolOf(m.protocolMessage);
    default:
      return undefined;
  }
}

type AnyMedia = proto.Message.IImageMessage &
  proto.Message.IVideoMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage;

const MEDIA_TYPES: Record<string, MediaMessageType> = {
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
};

/** What WhatsApp assumes when a sender gives no mimetype. */
const DEFAULT_MIMETYPES: Record<MediaMessageType, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/octet-stream',
  sticker: 'image/webp',
};

function mediaOf(field: string, media: AnyMedia | null | undefined): MediaBody | undefined {
  const type = MEDIA_TYPES[field];
  if (!type || !media) return undefined;
  const size =
    media.fileLength === null || media.fileLength === undefined ? null : toNumber(media.fileLength);
  const body: MediaBody = {
    type,
    media: {
      id: null,
      contentType: media.mimetype || DEFAULT_MIMETYPES[type],
      size,
      fileName: media.fileName || null,
    },
  };
  if (type === 'image' || type === 'video' || type === 'document') body.caption = media.caption || null;
  if (type === 'audio') body.voice = media.ptt === true;
  return body;
}

/** Edits and revokes; the key is the sender's own message, from the sender's view. */
function protocolOf(pm: proto.Message.IProtocolMessage | null | undefined): MessageBody | undefined {
  const id = pm?.key?.id;
  if (!pm || !id) return undefined;
  const target: MessageRef = {
    messageId: null,
    waMessageId: id,
    fromMe: pm.key?.fromMe === false,
    text: null,
  };
  switch (pm.type) {
    case proto.Message.ProtocolMessage.Type.REVOKE:
      return { type: 'revoke', target };
    case proto.Message.ProtocolMessage.Type.MESSAGE_EDIT:
      return { type: 'edit', target, text: quotedText(pm.editedMessage) ?? '' };
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
