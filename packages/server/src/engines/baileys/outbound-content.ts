import { createHmac } from 'node:crypto';
import {
  type AnyMessageContent,
  generateWAMessage,
  type proto,
  type WAMediaUploadFunction,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import {
  isTargeted,
  type MessageBody,
  type MessageRef,
  type MessageType,
} from '../../domain/message-body.js';
import { type EngineContext, EngineError, type EngineLogger } from '../engine.js';
import { isSameChat, phoneToJid } from './mapping.js';

/** What the Baileys engine sends; media needs access to the stored files, which it does not have yet. */
export const BAILEYS_MESSAGE_TYPES = [
  'text',
  'location',
  'contact',
  'poll',
  'reaction',
] as const satisfies readonly MessageType[];

/** A message as `sock.sendMessage(jid, content, { quoted })` takes it. */
export interface OutboundContent {
  content: AnyMessageContent;
  /** The message replied to, for Baileys to quote (`contextInfo.stanzaId/participant/quotedMessage`). */
  quoted?: WAMessage;
}

export interface OutboundOptions {
  /** WhatsApp's id of the message. */
  waMessageId: string;
  /**
   * A secret of this device's credentials (its noise private key), from which a poll's
   * `messageContextInfo.messageSecret` (what votes are encrypted with) is derived; without it
   * Baileys picks a random one.
   */
  sessionSecret?: Uint8Array | undefined;
}

/**
 * A message body → what Baileys sends to `jid`: texts with their mentions as phone JIDs (and no
 * link preview when the body says so), locations, contact cards (one `contactMessage`, or a
 * `contactsArrayMessage` for several), polls (`pollCreationMessageV3` for single choice, else v1),
 * reactions (`''` removes) and replies (`quoted`). Throws `UNSUPPORTED_MESSAGE_TYPE` for media.
 */
export function outboundContent(body: MessageBody, jid: string, options: OutboundOptions): OutboundContent {
  const content = contentOf(body, jid, options);
  const replyTo = isTargeted(body) ? undefined : body.replyTo;
  return replyTo ? { content, quoted: quotedMessage(replyTo, jid) } : { content };
}

function contentOf(body: MessageBody, jid: string, options: OutboundOptions): AnyMessageContent {
  switch (body.type) {
    case 'text':
      return {
        text: body.text,
        ...(body.mentions?.length && { mentions: body.mentions.map(phoneToJid) }),
        // null: no preview at all; undefined lets Baileys try to build one.
        ...(body.linkPreview === false && { linkPreview: null }),
      };
    case 'location':
      return {
        location: {
          degreesLatitude: body.latitude,
          degreesLongitude: body.longitude,
          ...(body.name && { name: body.name }),
          ...(body.address && { address: body.address }),
        },
      };
    case 'contact': {
      const [only] = body.contacts;
      if (!only) throw new EngineError('INVALID_MESSAGE', 'A contact message needs a contact card.', false);
      return {
        contacts: {
          displayName: body.contacts.length === 1 ? only.name : `${body.contacts.length} contacts`,
          contacts: body.contacts.map((c) => ({ displayName: c.name, vcard: c.vcard })),
        },
      };
    }
    case 'poll':
      return {
        poll: {
          name: body.question,
          values: body.options,
          selectableCount: body.selectableCount,
          ...(options.sessionSecret && {
            messageSecret: pollSecret(options.sessionSecret, options.waMessageId),
          }),
        },
      };
    case 'reaction':
      return {
        react: {
          text: body.emoji,
          key: { remoteJid: jid, fromMe: body.target.fromMe, id: body.target.waMessageId },
        },
      };
    default:
      throw new EngineError('UNSUPPORTED_MESSAGE_TYPE', `Cannot send ${body.type} messages yet.`, false);
  }
}

/**
 * The message a reply quotes, as much as Baileys needs of it: the key (its id becomes `stanzaId`;
 * `fromMe` makes the participant this account, else the chat) and a text for the quote shown.
 */
function quotedMessage(ref: MessageRef, jid: string): WAMessage {
  return {
    key: { remoteJid: jid, fromMe: ref.fromMe, id: ref.waMessageId },
    message: { conversation: ref.text ?? '' },
  };
}

/**
 * A poll's message secret, derived from a secret of the device's credentials and the message id:
 * the same on every (re)send of the poll, after a restart too, and never stored (votes, once they
 * are decrypted, can derive it again).
 */
export function pollSecret(sessionSecret: Uint8Array, waMessageId: string): Buffer {
  return createHmac('sha256', sessionSecret).update(`wagw poll secret\u0000${waMessageId}`).digest();
}

const noUpload: WAMediaUploadFunction = async () => {
  throw new EngineError('UNSUPPORTED_MESSAGE_TYPE', 'Media cannot be re-sent yet.', false);
};

/** What a retry answer needs of the session. */
export interface RetrySource {
  lookupMessage: EngineContext['lookupMessage'];
  /** The account's JID (`creds.me.id`), undefined before pairing. */
  userJid: string | undefined;
  sessionSecret: Uint8Array | undefined;
  /** Where a message that cannot be rebuilt is reported (it is then not re-sent). */
  logger: EngineLogger;
}

/**
 * The `proto.Message` of a message this session sent, for `getMessage` when its recipient asks for
 * a retry: rebuilt from the stored body as `sendMessage` built it (same mapping, same quote, same
 * poll secret). Only for the chat the message went to: a retry receipt from anyone else must not get
 * a copy of it. Undefined when unknown, for another chat, or of a type the engine cannot send.
 */
export async function retryMessage(
  key: WAMessageKey,
  source: RetrySource,
): Promise<proto.IMessage | undefined> {
  try {
    const stored = key.id ? await source.lookupMessage(key.id) : undefined;
    if (!key.id || !stored || !source.userJid || !isSameChat(key, stored)) return undefined;
    const jid = phoneToJid(stored.to);
    const body = stored.body;
    if (!(BAILEYS_MESSAGE_TYPES as readonly string[]).includes(body.type)) return undefined;
    const mapped = outboundContent(body, jid, { waMessageId: key.id, sessionSecret: source.sessionSecret });
    const full = await generateWAMessage(jid, mapped.content, {
      userJid: source.userJid,
      upload: noUpload,
      messageId: key.id,
      ...(mapped.quoted && { quoted: mapped.quoted }),
    });
    return full.message ?? undefined;
  } catch (error) {
    source.logger.warn(
      { err: error, waMessageId: key.id },
      'baileys: could not rebuild a message for a retry',
    );
    return undefined;
  }
}
