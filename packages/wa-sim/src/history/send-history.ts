import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { getMediaKeys, proto, sha256 } from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import { deliverToDevice, deviceJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, node, nowSeconds } from '../nodes.js';
import type { Account, Device } from '../state/accounts.js';
import { randomMessageId } from '../state/ids.js';
import { type HistoryChunk, historyChunks } from './history-sync.js';
import { PhoneSignal } from './phone-signal.js';

/** How far a device's history sync got (`DeviceInfo.history`). */
export interface HistorySyncProgress {
  /** Notifications the phone sends (INITIAL_BOOTSTRAP chunks, then PUSH_NAME). */
  notifications: number;
  /** Notifications delivered to the device (or queued while it is away). */
  sent: number;
  /** `hist_sync` receipts the device sent back (Baileys sends one as it starts on a notification). */
  received: number;
  /** Past messages, chats and contacts the history holds. */
  messages: number;
  chats: number;
  contacts: number;
  /** ms since epoch: the first notification was built, the last sent, the last receipt came. */
  startedAt: number;
  sentAt?: number;
  receivedAt?: number;
  /** Why sending stopped early, if it did. */
  error?: string;
}

const MAC_LENGTH = 10;

/** Encrypts a history blob as media of type `md-msg-hist` (AES-256-CBC + 10-byte HMAC), under a fresh key. */
const encryptBlob = async (payload: Buffer) => {
  const mediaKey = randomBytes(32);
  const { iv, cipherKey, macKey } = await getMediaKeys(mediaKey, 'md-msg-hist');
  const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(payload), cipher.final()]);
  if (!macKey) throw new Error('no MAC key for md-msg-hist');
  const mac = createHmac('sha256', macKey).update(iv).update(ciphertext).digest().subarray(0, MAC_LENGTH);
  const file = Buffer.concat([ciphertext, mac]);
  return { file, mediaKey, fileSha256: sha256(payload), fileEncSha256: sha256(file) };
};

/**
 * The notification for one chunk: uploaded to the media host when the simulator has one (the
 * device downloads it from `directPath`), else inline as `initialHistBootstrapInlinePayload`.
 */
const notificationFor = async (
  ctx: SimContext,
  chunk: HistoryChunk,
  id: string,
): Promise<proto.Message.IHistorySyncNotification> => {
  const common = {
    syncType: chunk.syncType as number as proto.Message.HistorySyncType,
    chunkOrder: chunk.chunkOrder,
    progress: chunk.progress,
    originalMessageId: id,
    ...(chunk.oldestMessageAt > 0 && { oldestMsgInChunkTimestampSec: chunk.oldestMessageAt }),
  };
  if (!ctx.media) return { ...common, initialHistBootstrapInlinePayload: chunk.payload };
  const blob = await encryptBlob(chunk.payload);
  const { directPath } = ctx.media.put(blob.file);
  return {
    ...common,
    fileSha256: blob.fileSha256,
    fileLength: chunk.payload.length,
    mediaKey: blob.mediaKey,
    fileEncSha256: blob.fileEncSha256,
    directPath,
  };
};

/**
 * What the phone of an account with a history does once a newly linked device is online: sends it
 * the history sync notifications, one encrypted peer message per chunk from the phone (device 0),
 * in order. Progress shows in `device.history`; failures are logged there, never thrown.
 */
export const sendHistory = async (ctx: SimContext, account: Account, device: Device): Promise<void> => {
  const options = account.history;
  if (!options) return;
  const startedAt = Date.now();
  const chunks = historyChunks(options);
  const progress: HistorySyncProgress = {
    notifications: chunks.length,
    sent: 0,
    received: 0,
    messages: options.messages,
    chats: options.chats,
    contacts: options.contacts,
    startedAt,
  };
  device.history = progress;
  device.historyIds = new Set();
  account.phoneSignal ??= new PhoneSignal(account.identity, account.primary.registrationId);
  const to = deviceJid(account.lid, 'lid', device.id);
  try {
    for (const chunk of chunks) {
      const id = randomMessageId();
      const historySyncNotification = await notificationFor(ctx, chunk, id);
      const message: proto.IMessage = {
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
          historySyncNotification,
        },
      };
      const enc = await account.phoneSignal.encrypt(to, device, message);
      const stanza: BinaryNode = node(
        'message',
        {
          from: `${account.lid}@lid`,
          sender_pn: `${account.phone}@s.whatsapp.net`,
          id,
          t: nowSeconds(),
          type: 'text',
          category: 'peer',
          push_priority: 'high_force',
        },
        [node('enc', { v: '2', type: enc.type }, enc.ciphertext)],
      );
      device.historyIds.add(id);
      deliverToDevice(device, stanza);
      progress.sent += 1;
    }
    progress.sentAt = Date.now();
    ctx.logger.info(
      {
        phone: account.phone,
        device: device.id,
        notifications: chunks.length,
        ms: progress.sentAt - startedAt,
      },
      'history sync sent',
    );
  } catch (err) {
    progress.error = err instanceof Error ? err.message : String(err);
    ctx.logger.warn({ err, phone: account.phone, device: device.id }, 'history sync failed');
  }
};

/** A `hist_sync` receipt from a device: counts towards its history sync progress. */
export const noteHistoryReceipt = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const me = senderOf(ctx, conn);
  const device = me?.account.devices.get(me.device);
  const id = stanza.attrs.id;
  if (!device?.history || !id || !device.historyIds?.delete(id)) return;
  device.history.received += 1;
  if (device.history.received === device.history.notifications) device.history.receivedAt = Date.now();
};
