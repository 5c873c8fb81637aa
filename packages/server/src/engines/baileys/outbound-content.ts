import { createHmac } from 'node:crypto';
import type { AnyMessageContent, WAMessage, WAMessageKey } from '@whiskeysockets/baileys';
import {
  isTargeted,
  type MessageBody,
  type MessageRef,
  type MessageType,
  type TargetedBody,
} from '../../domain/message-body.js';
import { EngineError } from '../engine.js';
import { phoneToJid } from './mapping.js';
import { mediaContent, type OutboundFile } from './outbound-media.js';

/** What the Baileys engine sends: every type but poll votes (the gateway never votes). */
export const BAILEYS_MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contact',
  'poll',
  'reaction',
  'edit',
  'revoke',
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
  /** The file of a media body (see `readOutboundFile`). */
  file?: OutboundFile | undefined;
}

/** What WhatsApp shows as "Forwarded" (a score of 1: forwarded once, not "many times"). */
const FORWARDED = { isForwarded: true, forwardingScore: 1 } as const;

/**
 * A message body → what Baileys sends to `jid`: texts with their mentions as phone JIDs (and no
 * link preview when the body says so), media (the file in `options.file`), locations, contact cards
 * (one `contactMessage`, or a `contactsArrayMessage` for several), polls (`pollCreationMessageV3`
 * for single choice, else v1), reactions (`''` removes), edits (`{ text, edit: key }`: a
 * `protocolMessage` MESSAGE_EDIT, also for a media caption), revokes (`{ delete: key }`), replies
 * (`quoted`) and forwards (`contextInfo.isForwarded`). Throws `INVALID_MESSAGE` for what WhatsApp
 * does not allow (editing or revoking a message of the contact's, a forwarded poll).
 */
export function outboundContent(body: MessageBody, jid: string, options: OutboundOptions): OutboundContent {
  const content = contentOf(body, jid, options);
  if (isTargeted(body)) return { content };
  const forwarded = body.forwarded === true ? forward(content, body.type) : content;
  return body.replyTo
    ? { content: forwarded, quoted: quotedMessage(body.replyTo, jid) }
    : { content: forwarded };
}

/**
 * Baileys merges `contextInfo` into the first field of the message it built; a poll's first field is
 * its `messageContextInfo`, where the flag would be lost, so a forwarded poll is refused.
 */
function forward(content: AnyMessageContent, type: MessageType): AnyMessageContent {
  if (type === 'poll') {
    throw new EngineError('INVALID_MESSAGE', 'A poll cannot be sent as forwarded.', false);
  }
  return { ...content, contextInfo: { ...FORWARDED } } as AnyMessageContent;
}

/** The key of a message this account sent, which only its sender can edit or revoke. */
function ownKey(body: TargetedBody, jid: string): WAMessageKey {
  if (!body.target.fromMe) {
    throw new EngineError(
      'INVALID_MESSAGE',
      `Only messages this account sent can get a ${body.type}.`,
      false,
    );
  }
  return { remoteJid: jid, fromMe: true, id: body.target.waMessageId };
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
    case 'edit':
      // The new text replaces a text or a caption alike (what WhatsApp Web sends for both).
      return { text: body.text, edit: ownKey(body, jid), linkPreview: null };
    case 'revoke':
      return { delete: ownKey(body, jid) };
    case 'poll_vote':
      throw new EngineError('UNSUPPORTED_MESSAGE_TYPE', 'Poll votes cannot be sent.', false);
    default:
      if (!options.file) {
        throw new EngineError('INVALID_MESSAGE', `A ${body.type} message needs its file.`, false);
      }
      return mediaContent(body, options.file);
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
