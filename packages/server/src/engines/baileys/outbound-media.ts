import {
  type AnyMessageContent,
  proto,
  type WAMediaUpload,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import type { MediaBody } from '../../domain/message-body.js';
import { type EngineContext, EngineError, type EngineStateStore } from '../engine.js';

/**
 * Outbound media: the file of a media body as Baileys uploads it (Baileys encrypts it and puts it on
 * WhatsApp's media host), and what the engine keeps of a sent media message so that a retry
 * receipt can be answered without uploading the file again.
 */

/** The bytes of a file to send and what they are. */
export interface OutboundFile {
  upload: WAMediaUpload;
  contentType: string;
  fileName: string | null;
}

/** Reads the file of a media body; a file deleted meanwhile fails the message (MEDIA_NOT_FOUND). */
export async function readOutboundFile(
  body: MediaBody,
  readMedia: EngineContext['readMedia'],
): Promise<OutboundFile> {
  const id = body.media.id;
  if (!id) throw new EngineError('INVALID_MESSAGE', `A ${body.type} message needs a stored file.`, false);
  try {
    const file = await readMedia(id);
    return {
      upload: { stream: file.body },
      contentType: file.contentType || body.media.contentType,
      fileName: body.media.fileName ?? file.fileName,
    };
  } catch (error) {
    if (error instanceof EngineError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    // Storage that fails now may not later: the gateway tries the message again.
    throw new EngineError('MEDIA_UNAVAILABLE', `The file could not be read: ${text}`, true);
  }
}

/**
 * A media body → Baileys' content: images, videos and documents with their caption, documents with
 * their file name, audio as a voice note (`ptt`) when `voice`, stickers.
 */
export function mediaContent(body: MediaBody, file: OutboundFile): AnyMessageContent {
  const mimetype = file.contentType;
  const caption = body.caption ? { caption: body.caption } : {};
  switch (body.type) {
    case 'image':
      return { image: file.upload, mimetype, ...caption };
    case 'video':
      return { video: file.upload, mimetype, ...caption };
    case 'audio':
      return { audio: file.upload, mimetype, ptt: body.voice === true };
    case 'document':
      return {
        document: file.upload,
        mimetype,
        fileName: file.fileName ?? 'file',
        ...caption,
      };
    case 'sticker':
      return { sticker: file.upload, mimetype };
  }
}

/** Engine state type of sent media messages, by WhatsApp id. */
export const SENT_MEDIA = 'sent-media';
/** How long a sent media message can still be re-sent for a retry receipt. */
export const SENT_MEDIA_TTL_MS = 14 * 24 * 60 * 60_000;

interface SentMedia {
  /** When it was sent (ms). */
  at: number;
  /** The `proto.Message` as sent (upload refs, media key, hashes, thumbnail, quote), base64. */
  message: string;
}

/**
 * Keeps the message as it was sent (it points at the uploaded file and carries its media key): a
 * retry receipt is answered with that copy, and the file is not uploaded again. A failing store
 * is only logged: the message went out, and a retry for it then goes unanswered.
 */
export async function rememberSentMedia(
  ctx: Pick<EngineContext, 'state' | 'logger'>,
  waMessageId: string,
  message: proto.IMessage,
  now = Date.now(),
): Promise<void> {
  const value: SentMedia = {
    at: now,
    message: Buffer.from(proto.Message.encode(message).finish()).toString('base64'),
  };
  try {
    await ctx.state.set({ [SENT_MEDIA]: { [waMessageId]: value } });
  } catch (error) {
    ctx.logger.warn({ err: error, waMessageId }, 'baileys: a sent media message is not kept for retries');
  }
}

/** A sent media message kept by `rememberSentMedia`, while it is not older than the TTL. */
export async function sentMedia(
  state: EngineStateStore,
  key: WAMessageKey,
  now = Date.now(),
): Promise<proto.IMessage | undefined> {
  if (!key.id) return undefined;
  const { [key.id]: stored } = await state.get<SentMedia>(SENT_MEDIA, [key.id]);
  if (!stored || now - stored.at > SENT_MEDIA_TTL_MS) return undefined;
  return proto.Message.decode(Buffer.from(stored.message, 'base64'));
}

/** Forgets sent media messages older than the TTL (the files stay on WhatsApp's host regardless). */
export async function pruneSentMedia(state: EngineStateStore, now = Date.now()): Promise<number> {
  const all = await state.list<SentMedia>(SENT_MEDIA);
  const old = Object.entries(all).filter(([, v]) => !(now - v.at <= SENT_MEDIA_TTL_MS));
  if (old.length === 0) return 0;
  await state.set({ [SENT_MEDIA]: Object.fromEntries(old.map(([id]) => [id, null])) });
  return old.length;
}
