import { proto } from '@whiskeysockets/baileys';
import type { InboundContent, MediaType } from './types.js';

const MEDIA_FIELD: Record<MediaType, keyof proto.IMessage> = {
  image: 'imageMessage',
  video: 'videoMessage',
  audio: 'audioMessage',
  document: 'documentMessage',
  sticker: 'stickerMessage',
};

/** What an inbound message refers to, resolved from the simulator's log by the caller. */
export interface InboundRefs {
  /** `contextInfo` of a reply (`stanzaId`, `participant`, `quotedMessage`). */
  quoted?: proto.IContextInfo;
  /** Key of the target message, from the sender's point of view (reaction, edit, revoke, vote). */
  target?: proto.IMessageKey;
  /** The encrypted vote of a `poll_vote`. */
  vote?: proto.Message.IPollEncValue;
  /** `messageContextInfo.messageSecret` of a new poll. */
  messageSecret?: Uint8Array;
  /** Where the encrypted file of a media message is, and its keys and hashes. */
  media?: {
    url: string;
    directPath: string;
    mediaKey: Uint8Array;
    fileSha256: Uint8Array;
    fileEncSha256: Uint8Array;
    fileLength: number;
  };
  /** Sender time, ms. */
  nowMs: number;
}

export interface EncodedInbound {
  message: proto.IMessage;
  /** `<message type=…>`, as Baileys' `getMessageType` names it. */
  type: 'text' | 'media' | 'reaction' | 'poll';
  /** `<message edit=…>`: 1 for an edit, 7 for a revoke. */
  edit?: '1' | '7';
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
};

/**
 * Builds the `proto.Message` a WhatsApp phone sends for `content`: a text without reply or mentions
 * as `conversation`, otherwise `extendedTextMessage`; a poll as `pollCreationMessageV3` when single
 * choice, else `pollCreationMessage`, with its `messageSecret`; an edit wrapped in `editedMessage`
 * (a `protocolMessage` MESSAGE_EDIT inside, as phones send it); a revoke as `protocolMessage` REVOKE;
 * media as `imageMessage` etc. pointing at the uploaded file (`refs.media`); `forwarded` sets
 * `contextInfo.isForwarded` (score 1).
 */
export const encodeInbound = (content: InboundContent, refs: InboundRefs): EncodedInbound => {
  const contextInfo: proto.IContextInfo | undefined = content.forwarded
    ? { ...refs.quoted, isForwarded: true, forwardingScore: 1 }
    : refs.quoted;
  switch (content.type) {
    case 'text': {
      if (!contextInfo && !content.mentions?.length)
        return { message: { conversation: content.text }, type: 'text' };
      const info: proto.IContextInfo = { ...contextInfo };
      if (content.mentions?.length) info.mentionedJid = content.mentions;
      return { message: { extendedTextMessage: { text: content.text, contextInfo: info } }, type: 'text' };
    }
    case 'location':
      return {
        message: {
          locationMessage: {
            degreesLatitude: content.latitude,
            degreesLongitude: content.longitude,
            name: content.name,
            address: content.address,
            contextInfo,
          },
        },
        type: 'text',
      };
    case 'contact':
      return {
        message: { contactMessage: { displayName: content.displayName, vcard: content.vcard, contextInfo } },
        type: 'media',
      };
    case 'contacts':
      return {
        message: {
          contactsArrayMessage: { displayName: content.displayName, contacts: content.contacts, contextInfo },
        },
        type: 'media',
      };
    case 'poll': {
      const selectableCount = content.selectableCount ?? 0;
      const poll: proto.Message.IPollCreationMessage = {
        name: content.question,
        options: content.options.map((optionName) => ({ optionName })),
        selectableOptionsCount: selectableCount,
        contextInfo,
      };
      return {
        message: {
          messageContextInfo: { messageSecret: need(refs.messageSecret, 'poll messageSecret') },
          ...(selectableCount === 1 ? { pollCreationMessageV3: poll } : { pollCreationMessage: poll }),
        },
        type: 'poll',
      };
    }
    case 'reaction':
      return {
        message: {
          reactionMessage: {
            key: need(refs.target, 'reaction target'),
            text: content.emoji,
            senderTimestampMs: refs.nowMs,
          },
        },
        type: 'reaction',
      };
    case 'poll_vote':
      return {
        message: {
          pollUpdateMessage: {
            pollCreationMessageKey: need(refs.target, 'poll key'),
            vote: need(refs.vote, 'encrypted vote'),
            senderTimestampMs: refs.nowMs,
          },
        },
        type: 'poll',
      };
    case 'edit':
      return {
        message: {
          editedMessage: {
            message: {
              protocolMessage: {
                key: need(refs.target, 'edit target'),
                type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
                editedMessage: { conversation: content.text },
                timestampMs: refs.nowMs,
              },
            },
          },
        },
        type: 'text',
        edit: '1',
      };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media = need(refs.media, 'uploaded media');
      const fields = {
        ...media,
        mimetype: content.mimetype,
        caption: content.caption,
        fileName: content.fileName,
        ptt: content.ptt,
        mediaKeyTimestamp: Math.floor(refs.nowMs / 1000),
        contextInfo,
      };
      return { message: { [MEDIA_FIELD[content.type]]: fields }, type: 'media' };
    }
    case 'revoke':
      return {
        message: {
          protocolMessage: {
            key: need(refs.target, 'revoke target'),
            type: proto.Message.ProtocolMessage.Type.REVOKE,
          },
        },
        type: 'text',
        edit: '7',
      };
  }
};
