import {
  generateWAMessage,
  type proto,
  type WAMediaUploadFunction,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import { MEDIA_MESSAGE_TYPES, type MessageType } from '../../domain/message-body.js';
import { type EngineContext, EngineError, type EngineLogger, type EngineStateStore } from '../engine.js';
import { isSameChat, phoneToJid } from './mapping.js';
import { BAILEYS_MESSAGE_TYPES, outboundContent } from './outbound-content.js';
import { sentMedia } from './outbound-media.js';

/** A rebuilt message never uploads: media is answered from the copy kept when it was sent. */
const noUpload: WAMediaUploadFunction = async () => {
  throw new EngineError('UNSUPPORTED_MESSAGE_TYPE', 'A retry does not upload media again.', false);
};

/** What a retry answer needs of the session. */
export interface RetrySource {
  lookupMessage: EngineContext['lookupMessage'];
  /** Where sent media messages are kept (see `rememberSentMedia`). */
  state: EngineStateStore;
  /** The account's JID (`creds.me.id`), undefined before pairing. */
  userJid: string | undefined;
  sessionSecret: Uint8Array | undefined;
  /** Where a message that cannot be rebuilt is reported (it is then not re-sent). */
  logger: EngineLogger;
}

const isMedia = (type: MessageType): boolean => (MEDIA_MESSAGE_TYPES as readonly string[]).includes(type);

/**
 * The `proto.Message` of a message this session sent, for `getMessage` when its recipient asks for
 * a retry: rebuilt from the stored body as `sendMessage` built it (same mapping, same quote, same
 * poll secret); media is the copy kept in engine state when it was sent (it points at the file
 * already uploaded, with its media key), so nothing is uploaded again. Only for the chat the
 * message went to: a retry receipt from anyone else must not get a copy of it. Undefined when
 * unknown, for another chat, of a type the engine cannot send, or media no longer kept.
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
    if (isMedia(body.type)) {
      const kept = await sentMedia(source.state, key);
      if (!kept)
        source.logger.warn({ waMessageId: key.id }, 'baileys: sent media no longer kept for a retry');
      return kept;
    }
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
