import { deflateSync } from 'node:zlib';
import { proto } from '@whiskeysockets/baileys';
import {
  type GeneratedHistory,
  generateHistory,
  type HistoryChat,
  type HistoryContact,
  type HistoryOptions,
} from './generate.js';

/** One history sync notification's payload: a zlib-deflated `proto.HistorySync`. */
export interface HistoryChunk {
  syncType: proto.HistorySync.HistorySyncType;
  chunkOrder: number;
  progress: number;
  /** Unix seconds of the oldest message in the chunk (0 without messages). */
  oldestMessageAt: number;
  messages: number;
  payload: Buffer;
}

const DEFAULT_CHUNK_MESSAGES = 2500;
const Type = proto.HistorySync.HistorySyncType;
const pnJid = (c: HistoryContact) => `${c.phone}@s.whatsapp.net`;
const lidJid = (c: HistoryContact) => `${c.lid}@lid`;
const mapping = (c: HistoryContact) => ({ pnJid: pnJid(c), lidJid: lidJid(c) });

type Slice = { chat: HistoryChat; from: number; to: number };

const conversation = ({ chat, from, to }: Slice, orderBase: number): proto.IConversation => {
  const jid = pnJid(chat.contact);
  return {
    id: jid,
    name: chat.contact.name,
    lidJid: lidJid(chat.contact),
    conversationTimestamp: chat.messages[0]?.timestamp ?? 0,
    unreadCount: chat.unreadCount,
    messages: chat.messages.slice(from, to).map((m, i) => ({
      msgOrderId: orderBase + i,
      message: {
        key: { remoteJid: jid, fromMe: m.fromMe, id: m.id },
        message: { conversation: m.text },
        messageTimestamp: m.timestamp,
        ...(m.fromMe
          ? {
              status: proto.WebMessageInfo.Status.READ,
              userReceipt: [
                { userJid: jid, receiptTimestamp: m.timestamp + 2, readTimestamp: m.timestamp + 30 },
              ],
            }
          : { pushName: chat.contact.pushName }),
      },
    })),
  };
};

/**
 * Cuts the chats, newest chat first and each chat's messages newest first, into slices of at most
 * `limit` messages per chunk; chats without messages go in the first chunk.
 */
const sliceChats = (history: GeneratedHistory, limit: number): Slice[][] => {
  const chats = [...history.chats].sort(
    (a, b) => (b.messages[0]?.timestamp ?? 0) - (a.messages[0]?.timestamp ?? 0),
  );
  const chunks: Slice[][] = [[]];
  let room = limit;
  for (const chat of chats) {
    if (chat.messages.length === 0) {
      chunks[0]?.push({ chat, from: 0, to: 0 });
      continue;
    }
    for (let from = 0; from < chat.messages.length; ) {
      if (room === 0) {
        chunks.push([]);
        room = limit;
      }
      const to = Math.min(chat.messages.length, from + room);
      chunks.at(-1)?.push({ chat, from, to });
      room -= to - from;
      from = to;
    }
  }
  return chunks;
};

const encode = (sync: proto.IHistorySync): Buffer => deflateSync(proto.HistorySync.encode(sync).finish());

/**
 * The history sync of a generated history, as the phone sends it to a newly linked device:
 * INITIAL_BOOTSTRAP chunks with every chat and its messages (at most `chunkMessages` messages per
 * chunk, with the LID ↔ phone mappings of the chats in the first), then one PUSH_NAME chunk with
 * every contact's push name and LID mapping. `progress` rises to 100 on the last chunk.
 */
export const buildHistoryChunks = (options: HistoryOptions, now?: number): HistoryChunk[] => {
  const history = generateHistory(options, now);
  const slices = sliceChats(history, options.chunkMessages ?? DEFAULT_CHUNK_MESSAGES);
  const total = slices.length + 1;
  let order = 0;
  const chunks: HistoryChunk[] = slices.map((chunk, i) => {
    const conversations = chunk.map((slice) => {
      const c = conversation(slice, order);
      order += slice.to - slice.from;
      return c;
    });
    const timestamps = chunk.flatMap((s) => s.chat.messages.slice(s.from, s.to).map((m) => m.timestamp));
    return {
      syncType: Type.INITIAL_BOOTSTRAP,
      chunkOrder: i + 1,
      progress: Math.round(((i + 1) / total) * 100),
      oldestMessageAt: timestamps.length ? Math.min(...timestamps) : 0,
      messages: timestamps.length,
      payload: encode({
        syncType: Type.INITIAL_BOOTSTRAP,
        chunkOrder: i + 1,
        progress: Math.round(((i + 1) / total) * 100),
        conversations,
        ...(i === 0 && { phoneNumberToLidMappings: history.chats.map((c) => mapping(c.contact)) }),
      }),
    };
  });
  chunks.push({
    syncType: Type.PUSH_NAME,
    chunkOrder: total,
    progress: 100,
    oldestMessageAt: 0,
    messages: 0,
    payload: encode({
      syncType: Type.PUSH_NAME,
      chunkOrder: total,
      progress: 100,
      pushnames: history.contacts.map((c) => ({ id: pnJid(c), pushname: c.pushName })),
      phoneNumberToLidMappings: history.contacts.map(mapping),
    }),
  });
  return chunks;
};

const cache = new Map<string, HistoryChunk[]>();

/**
 * `buildHistoryChunks`, remembered for the last few option sets: every account given the same
 * history (a bench's) shares one encoding; only the media encryption differs per device.
 */
export const historyChunks = (options: HistoryOptions): HistoryChunk[] => {
  const key = JSON.stringify([
    options.contacts,
    options.chats,
    options.messages,
    options.seed ?? 1,
    options.chunkMessages ?? DEFAULT_CHUNK_MESSAGES,
    options.endAgoSeconds ?? 60,
  ]);
  const hit = cache.get(key);
  if (hit) return hit;
  const chunks = buildHistoryChunks(options);
  cache.set(key, chunks);
  if (cache.size > 4) cache.delete(cache.keys().next().value as string);
  return chunks;
};
