import { normalizeMessageContent, proto, toNumber } from '@whiskeysockets/baileys';
import type { MediaContent, MediaType, MessageContent } from './types.js';

type Bytes = Uint8Array | null | undefined;

const b64 = (value: Bytes): string | undefined =>
  value && value.length > 0 ? Buffer.from(value).toString('base64') : undefined;

const str = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

/** Drops undefined fields, so the log stays JSON-tidy. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Keys that say nothing about what a message is. */
const ENVELOPE_KEYS = new Set(['messageContextInfo', 'senderKeyDistributionMessage']);

/** The `proto.Message` fields that hold content, in the order they are recognised. */
const contentKeys = (m: proto.IMessage): string[] =>
  Object.entries(m)
    .filter(([key, value]) => !ENVELOPE_KEYS.has(key) && value !== null && value !== undefined)
    .filter(([, value]) => !(Array.isArray(value) && value.length === 0))
    .map(([key]) => key);

const MEDIA_FIELDS: ReadonlyArray<[keyof proto.IMessage, MediaType]> = [
  ['imageMessage', 'image'],
  ['videoMessage', 'video'],
  ['ptvMessage', 'video'],
  ['audioMessage', 'audio'],
  ['documentMessage', 'document'],
  ['stickerMessage', 'sticker'],
];

type AnyMedia = proto.Message.IImageMessage &
  proto.Message.IVideoMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage;

const mediaOf = (type: MediaType, media: AnyMedia): MediaContent =>
  compact({
    type,
    mimetype: media.mimetype ?? '',
    caption: str(media.caption),
    fileName: str(media.fileName),
    ptt: media.ptt ? true : undefined,
    fileLength:
      media.fileLength === null || media.fileLength === undefined ? undefined : toNumber(media.fileLength),
    url: str(media.url),
    directPath: str(media.directPath),
    mediaKey: b64(media.mediaKey),
    fileSha256: b64(media.fileSha256),
    fileEncSha256: b64(media.fileEncSha256),
  });

/** The text a message shows: its text, or a media caption (what an edit replaces). */
const shownText = (m: proto.IMessage | null | undefined): string | undefined => {
  const inner = normalizeMessageContent(m);
  if (!inner) return undefined;
  if (typeof inner.conversation === 'string') return inner.conversation;
  if (inner.extendedTextMessage) return inner.extendedTextMessage.text ?? '';
  for (const [field] of MEDIA_FIELDS) {
    const media = inner[field] as AnyMedia | null | undefined;
    if (media) return media.caption ?? '';
  }
  return undefined;
};

const decodeProtocol = (pm: proto.Message.IProtocolMessage, keys: string[]): MessageContent => {
  const targetId = pm.key?.id ?? '';
  if (pm.type === proto.Message.ProtocolMessage.Type.REVOKE && targetId) return { type: 'revoke', targetId };
  if (pm.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && targetId) {
    return { type: 'edit', targetId, text: shownText(pm.editedMessage) ?? '' };
  }
  return { type: 'unknown', keys };
};

/** The content without its reply reference. */
const decodeBody = (m: proto.IMessage, secret: Bytes): MessageContent => {
  if (typeof m.conversation === 'string') return { type: 'text', text: m.conversation };
  if (m.extendedTextMessage) {
    const mentions = m.extendedTextMessage.contextInfo?.mentionedJid;
    return compact({
      type: 'text',
      text: m.extendedTextMessage.text ?? '',
      mentions: mentions?.length ? [...mentions] : undefined,
    });
  }
  if (m.protocolMessage) return decodeProtocol(m.protocolMessage, contentKeys(m));
  if (m.reactionMessage) {
    return {
      type: 'reaction',
      targetId: m.reactionMessage.key?.id ?? '',
      emoji: m.reactionMessage.text ?? '',
    };
  }
  if (m.pollUpdateMessage)
    return { type: 'poll_vote', pollId: m.pollUpdateMessage.pollCreationMessageKey?.id ?? '' };
  const poll = m.pollCreationMessage ?? m.pollCreationMessageV2 ?? m.pollCreationMessageV3;
  if (poll) {
    return compact({
      type: 'poll',
      question: poll.name ?? '',
      options: (poll.options ?? []).map((o) => o.optionName ?? ''),
      selectableCount: poll.selectableOptionsCount ?? 0,
      messageSecret: b64(secret ?? poll.encKey),
    });
  }
  const location = m.locationMessage ?? m.liveLocationMessage;
  if (location) {
    return compact({
      type: 'location',
      latitude: location.degreesLatitude ?? 0,
      longitude: location.degreesLongitude ?? 0,
      name: str(m.locationMessage?.name),
      address: str(m.locationMessage?.address),
      live: m.liveLocationMessage ? true : undefined,
    });
  }
  if (m.contactMessage) {
    return {
      type: 'contact',
      displayName: m.contactMessage.displayName ?? '',
      vcard: m.contactMessage.vcard ?? '',
    };
  }
  if (m.contactsArrayMessage) {
    return compact({
      type: 'contacts',
      displayName: str(m.contactsArrayMessage.displayName),
      contacts: (m.contactsArrayMessage.contacts ?? []).map((c) => ({
        displayName: c.displayName ?? '',
        vcard: c.vcard ?? '',
      })),
    });
  }
  for (const [field, type] of MEDIA_FIELDS) {
    const media = m[field] as AnyMedia | null | undefined;
    if (media) return mediaOf(type, media);
  }
  return { type: 'unknown', keys: contentKeys(m) };
};

/** The `contextInfo` of whichever content field the message has. */
const contextOf = (m: proto.IMessage): proto.IContextInfo | undefined => {
  for (const key of contentKeys(m)) {
    const value = (m as Record<string, { contextInfo?: proto.IContextInfo | null } | null>)[key];
    const info = value && typeof value === 'object' ? value.contextInfo : undefined;
    if (info) return info;
  }
  return undefined;
};

/**
 * Maps a decrypted `proto.Message` to the simulator's JSON-friendly content shape: wrappers
 * (`deviceSentMessage`, ephemeral, view-once, `editedMessage`, document-with-caption) are unwrapped,
 * byte fields become base64, a reply keeps the id it quotes and a forward says so. A poll vote's options are not
 * decrypted here (that needs the poll; see `poll-votes.ts`).
 */
export const decodeContent = (message: proto.IMessage | null | undefined): MessageContent | undefined => {
  if (!message) return undefined;
  const outer = message.deviceSentMessage?.message ?? message;
  const inner = normalizeMessageContent(outer);
  if (!inner) return undefined;
  const secret = outer.messageContextInfo?.messageSecret ?? inner.messageContextInfo?.messageSecret;
  const body = decodeBody(inner, secret);
  const context = contextOf(inner);
  const quotedId = str(context?.stanzaId);
  return {
    ...body,
    ...(quotedId ? { quotedId } : {}),
    ...(context?.isForwarded ? { forwarded: true } : {}),
  };
};
