import { AppError } from '../errors/app-error.js';
import { GROUP_ID } from './group-types.js';
import type { Media } from './media-types.js';
import type { ContactCard, MediaMessageType, MessageBody, MessageRef } from './message-body.js';
import { isTargeted, textOf } from './message-body.js';
import type { PhoneNormalizer } from './phone.js';
import type { Message } from './types.js';

/** What `POST /v1/sessions/{id}/messages` takes, by `type` (the wire's snake_case). */
interface Base {
  to: string;
  /** The id (`msg_…`) of a message of the same chat this one replies to. */
  reply_to?: string | undefined;
  /** When to send it (ISO 8601); absent: now. */
  send_at?: string | undefined;
}
export type SendParams = Base &
  (
    | { type: 'text'; text: string; mentions?: string[] | undefined; link_preview?: boolean | undefined }
    | {
        type: MediaMessageType;
        media: { id: string } | { url: string };
        caption?: string | undefined;
        file_name?: string | undefined;
        voice?: boolean | undefined;
      }
    | {
        type: 'location';
        latitude: number;
        longitude: number;
        name?: string | undefined;
        address?: string | undefined;
      }
    | { type: 'contact'; contacts: Array<{ name: string; phone: string }> }
    | { type: 'poll'; question: string; options: string[]; selectable_count?: number | undefined }
    | { type: 'reaction'; message_id: string; emoji: string }
    | { type: 'edit'; message_id: string; text: string }
    | { type: 'revoke'; message_id: string }
    | { type: 'forward'; message_id: string }
  );

/** A send from a template (`type: 'template'`), rendered into one of the other kinds before anything else. */
export type TemplateSendParams = Base & {
  type: 'template';
  template_id: string;
  variables?: Record<string, string> | undefined;
};

/** What an edit can change: a text, or the caption of an image, video or document. */
const EDITABLE = new Set<MessageBody['type']>(['text', 'image', 'video', 'document']);

/** How long after sending WhatsApp lets its sender edit a message. */
export const EDIT_WINDOW_MS = 15 * 60_000;
/** How long after sending WhatsApp lets its sender delete a message for everyone. */
export const REVOKE_WINDOW_MS = 60 * 3_600_000;

/** The content types each media message type takes (documents: any file WhatsApp takes). */
const MEDIA_TYPES: Record<Exclude<MediaMessageType, 'document'>, (contentType: string) => boolean> = {
  image: (t) => t === 'image/jpeg' || t === 'image/png',
  video: (t) => t.startsWith('video/'),
  audio: (t) => t.startsWith('audio/'),
  sticker: (t) => t === 'image/webp',
};

/** What a body builder needs from storage: the tenant's media and the session's messages. */
export interface BodyLookups {
  media(id: string): Promise<Media | undefined>;
  /** Fetches a file by URL and stores it (throws coded errors: refused, unreachable, too large). */
  fetchMedia(url: string): Promise<Media>;
  discardMedia(id: string): Promise<void>;
  message(id: string): Promise<Message | undefined>;
  normalizePhone: PhoneNormalizer;
}

const refOf = (m: Message, param: string, chat: string): MessageRef => {
  if (!m.waMessageId) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Message ${m.id} has not reached WhatsApp yet, so nothing can refer to it.`,
      param,
    });
  }
  // A group's messages are in the group's chat, whoever sent them.
  const other = m.to && GROUP_ID.test(m.to) ? m.to : m.direction === 'outbound' ? m.to : m.from;
  if (other !== chat) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Message ${m.id} is not in the chat with ${chat}.`,
      param,
    });
  }
  return {
    messageId: m.id,
    waMessageId: m.waMessageId,
    fromMe: m.direction === 'outbound',
    text: textOf(m.body),
  };
};

function vcard(name: string, phone: string): string {
  const escaped = name.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
  return `BEGIN:VCARD\nVERSION:3.0\nFN:${escaped}\nTEL;type=CELL;waid=${phone.slice(1)}:${phone}\nEND:VCARD`;
}

/**
 * The stored body of an outbound message, from its request, with every reference resolved and
 * checked before anything is queued: the media exists and is of a kind the type takes, a replied
 * or reacted-to message is in the same chat, phones are valid.
 */
export async function bodyFromParams(
  params: SendParams,
  to: string,
  lookups: BodyLookups,
): Promise<MessageBody> {
  const message = async (id: string, param: string) => {
    const found = await lookups.message(id);
    if (!found) throw new AppError('MESSAGE_NOT_FOUND', { param });
    return refOf(found, param, to);
  };
  if (params.reply_to && ['reaction', 'edit', 'revoke', 'forward'].includes(params.type)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `A ${params.type === 'revoke' ? 'deletion' : params.type} cannot be a reply.`,
      param: 'reply_to',
    });
  }
  const replyTo = params.reply_to ? await message(params.reply_to, 'reply_to') : null;
  const reply = replyTo ? { replyTo } : {};
  const now = Date.now();
  const target = async (id: string) => {
    const found = await lookups.message(id);
    if (!found) throw new AppError('MESSAGE_NOT_FOUND', { param: 'message_id' });
    return found;
  };
  switch (params.type) {
    case 'edit': {
      const found = await target(params.message_id);
      const ref = refOf(found, 'message_id', to);
      const editable =
        changeable(found, now, EDIT_WINDOW_MS) &&
        EDITABLE.has(found.body.type) &&
        !('forwarded' in found.body && found.body.forwarded);
      if (!editable) throw new AppError('MESSAGE_NOT_EDITABLE', { param: 'message_id' });
      return { type: 'edit', target: ref, text: params.text };
    }
    case 'revoke': {
      const found = await target(params.message_id);
      const ref = refOf(found, 'message_id', to);
      const revocable =
        changeable(found, now, REVOKE_WINDOW_MS) && found.type !== 'edit' && found.type !== 'revoke';
      if (!revocable) throw new AppError('MESSAGE_NOT_REVOCABLE', { param: 'message_id' });
      return { type: 'revoke', target: ref };
    }
    case 'forward':
      return forwardOf(await target(params.message_id));
    case 'text':
      return {
        type: 'text',
        text: params.text,
        ...(params.mentions?.length && {
          mentions: params.mentions.map((p, i) => lookups.normalizePhone(p, `mentions.${i}`)),
        }),
        ...(params.link_preview !== undefined && { linkPreview: params.link_preview }),
        ...reply,
      };
    case 'location':
      return {
        type: 'location',
        latitude: params.latitude,
        longitude: params.longitude,
        name: params.name ?? null,
        address: params.address ?? null,
        ...reply,
      };
    case 'contact': {
      const contacts: ContactCard[] = params.contacts.map((c, i) => {
        const phone = lookups.normalizePhone(c.phone, `contacts.${i}.phone`);
        return { name: c.name, phone, vcard: vcard(c.name, phone) };
      });
      return { type: 'contact', contacts, ...reply };
    }
    case 'poll': {
      const options = params.options.map((o) => o.trim());
      if (new Set(options).size !== options.length) {
        throw new AppError('VALIDATION_FAILED', { message: 'Poll options must differ.', param: 'options' });
      }
      const selectableCount = params.selectable_count ?? 1;
      if (selectableCount > options.length) {
        throw new AppError('VALIDATION_FAILED', {
          message: `selectable_count (${selectableCount}) is more than the ${options.length} options.`,
          param: 'selectable_count',
        });
      }
      return { type: 'poll', question: params.question, options, selectableCount, ...reply };
    }
    case 'reaction':
      return {
        type: 'reaction',
        target: await message(params.message_id, 'message_id'),
        emoji: params.emoji,
      };
    default: {
      const byUrl = 'url' in params.media;
      const param = byUrl ? 'media.url' : 'media.id';
      const media =
        'url' in params.media
          ? await lookups.fetchMedia(params.media.url)
          : await lookups.media(params.media.id);
      if (!media) throw new AppError('MEDIA_NOT_FOUND', { param });
      const fits = params.type === 'document' || MEDIA_TYPES[params.type](media.contentType);
      if (!fits) {
        // A file fetched for this message only is not kept when the message is refused.
        if (byUrl) await lookups.discardMedia(media.id);
        throw new AppError('MEDIA_TYPE_NOT_ALLOWED', {
          message: `A ${params.type} message cannot carry ${media.contentType}${byUrl ? '' : ` (${media.id})`}; send it as a document.`,
          param,
        });
      }
      if (params.voice && params.type !== 'audio') {
        throw new AppError('VALIDATION_FAILED', { message: 'voice is for audio messages.', param: 'voice' });
      }
      if (params.caption && (params.type === 'audio' || params.type === 'sticker')) {
        throw new AppError('VALIDATION_FAILED', {
          message: `A ${params.type} message has no caption.`,
          param: 'caption',
        });
      }
      return {
        type: params.type,
        media: {
          id: media.id,
          contentType: media.contentType,
          size: media.size,
          fileName: params.file_name ?? media.filename,
        },
        ...(params.caption && { caption: params.caption }),
        ...(params.voice && { voice: true }),
        ...reply,
      };
    }
  }
}

/** Whether the session's account may still change a message it sent (within `window` of sending). */
const changeable = (m: Message, now: number, window: number): boolean =>
  m.direction === 'outbound' &&
  m.status !== 'failed' &&
  !m.revokedAt &&
  now - (m.sentAt ?? m.createdAt) <= window;

/**
 * A copy of a message of the session (from any chat) to send on as a forward: its content without
 * its reply, marked forwarded. Reactions, edits, deletions, votes, a message deleted for everyone
 * and a received file that could not be stored cannot be forwarded.
 */
function forwardOf(found: Message): MessageBody {
  const body = found.body;
  if (isTargeted(body) || found.revokedAt || (found.direction === 'outbound' && found.status === 'failed')) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Message ${found.id} cannot be forwarded (${found.revokedAt ? 'deleted for everyone' : found.status === 'failed' ? 'it failed' : `a ${body.type}`}).`,
      param: 'message_id',
    });
  }
  if ('media' in body && !body.media.id) {
    throw new AppError('MEDIA_NOT_FOUND', {
      message: `The file of message ${found.id} was not stored, so it cannot be forwarded.`,
      param: 'message_id',
    });
  }
  const { replyTo: _reply, ...content } = body;
  return { ...content, forwarded: true };
}
