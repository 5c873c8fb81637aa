import { createHash } from 'node:crypto';
import type { proto } from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import { decodeContent } from '../content/decode.js';
import type { MediaContent, MessageContent } from '../content/types.js';
import {
  deliverToDevice,
  deviceJid,
  liveDevices,
  type Party,
  resolveJid,
  type SimContext,
  senderOf,
} from '../context.js';
import { handleGroupMessage } from '../groups/group-messages.js';
import { decryptMedia } from '../media/media-crypto.js';
import { type BinaryNode, child, children, node, nowSeconds } from '../nodes.js';
import type { RelayedMessage } from '../types.js';
import { scheduleContactReactions } from './contact-reactions.js';
import { type ChatParty, decryptVote } from './poll-votes.js';
import { reachOutRefused } from './reach-out.js';

const chatPartyOf = (party: Party): ChatParty => (party.kind === 'account' ? party.account : party.contact);

const phoneOf = (party: Party): string => chatPartyOf(party).phone;

const MEDIA = new Set<MessageContent['type']>(['image', 'video', 'audio', 'document', 'sticker']);

/** Downloads and decrypts a media message's file as its recipient would; undefined when it cannot. */
const downloaded = (ctx: SimContext, media: MediaContent): MediaContent['downloaded'] => {
  const file = media.directPath ? ctx.media?.get(media.directPath) : undefined;
  if (!file || !media.mediaKey) return undefined;
  try {
    const plain = decryptMedia(file, Buffer.from(media.mediaKey, 'base64'), media.type);
    return { sha256: createHash('sha256').update(plain).digest('base64'), size: plain.length };
  } catch {
    return undefined;
  }
};

/**
 * The decoded content of a decrypted copy; a vote on a poll in the log gets its options, media what
 * its recipient downloaded.
 */
const contentOf = (
  ctx: SimContext,
  message: proto.IMessage | undefined,
  sender: ChatParty,
  recipient: ChatParty,
): MessageContent | undefined => {
  const content = decodeContent(message);
  if (content && MEDIA.has(content.type)) {
    const media = content as MediaContent;
    const got = downloaded(ctx, media);
    return got ? { ...media, downloaded: got } : media;
  }
  if (content?.type !== 'poll_vote' || !message) return content;
  const inner = message.deviceSentMessage?.message ?? message;
  const update = inner.pollUpdateMessage;
  const selectedOptions = update ? decryptVote(ctx, update, sender, recipient) : undefined;
  return selectedOptions ? { ...content, selectedOptions } : content;
};

/** True while the recipient has asked for more copies of `entry` than the sender re-sent. */
const awaitingResend = (entry: RelayedMessage): boolean =>
  (entry.retryRequests ?? 0) > (entry.resends?.length ?? 0);

/**
 * A 1:1 `<message>` from a logged-in device: fans each `<enc>` out to the addressed devices, acks
 * the sender (or fails the send on purpose), and lets an addressed contact react. A message with
 * the id of one the recipient asked a retry for is logged as a resend of it; one addressed to a
 * single device (`device_fanout=false`, `<enc>` directly in `<message>`) is how Baileys answers a
 * retry receipt from a companion device.
 */
export const handleMessage = async (
  ctx: SimContext,
  conn: SimConnection,
  stanza: BinaryNode,
): Promise<void> => {
  if (stanza.attrs.to?.endsWith('@g.us')) return handleGroupMessage(ctx, conn, stanza);
  const sender = senderOf(ctx, conn);
  const id = stanza.attrs.id;
  const to = stanza.attrs.to;
  if (!sender || !id || !to) return;
  const ack = (error?: number): void =>
    conn.send(
      node('ack', {
        class: 'message',
        id,
        from: to,
        t: nowSeconds(),
        error: error ? String(error) : undefined,
      }),
    );
  const target = resolveJid(ctx, to);
  if (stanza.attrs.category === 'peer' || !target) {
    // Peer (app-state) messages and unknown recipients are accepted and dropped.
    ack(to.endsWith('@s.whatsapp.net') || to.endsWith('@lid') ? undefined : 479);
    return;
  }
  const { account, device } = sender;
  const previous = ctx.log.find(id, account.phone);
  const resent = previous && previous.to === phoneOf(target) && awaitingResend(previous);
  // A reach-out lock refuses new chats before anything else (a forced failure is kept for later).
  const locked = !resent && reachOutRefused(ctx, account, phoneOf(target)) ? 463 : undefined;
  const entry = resent
    ? previous
    : ctx.log.add({
        id,
        direction: target.kind === 'account' ? 'account-to-account' : 'account-to-contact',
        from: account.phone,
        to: phoneOf(target),
        fromDevice: `${account.phone}:${device}`,
        sentAt: Date.now(),
      });
  const resend: { at: number; text?: string } | undefined = resent ? { at: Date.now() } : undefined;
  if (resend) entry.resends = [...(entry.resends ?? []), resend];
  const forced = !locked && account.failNext && account.failNext.remaining > 0 ? account.failNext : undefined;
  const error = locked ?? forced?.code ?? (target.kind === 'contact' ? target.contact.sendError : undefined);
  if (error) {
    if (forced) forced.remaining--;
    entry.ackError = error;
    entry.ackedAt = Date.now();
    ack(error);
    return;
  }
  const identity = child(stanza, 'device-identity');
  const viaLid = target.viaLid;
  const from = viaLid
    ? deviceJid(account.lid, 'lid', device)
    : deviceJid(account.phone, 's.whatsapp.net', device);
  const alt = viaLid
    ? { sender_pn: `${account.phone}@s.whatsapp.net` }
    : { sender_lid: `${account.lid}@lid` };
  const direct = child(stanza, 'enc');
  const copies: Array<{ party: Party | undefined; enc: BinaryNode | undefined }> = direct
    ? [{ party: target, enc: direct }]
    : children(child(stanza, 'participants'), 'to').map((toNode) => ({
        party: resolveJid(ctx, toNode.attrs.jid),
        enc: child(toNode, 'enc'),
      }));
  for (const { party, enc } of copies) {
    if (!enc || !(enc.content instanceof Uint8Array) || !party) continue;
    const encType = enc.attrs.type ?? '';
    const deviceId = party.device ?? 0;
    if (deviceId === 0) {
      // The recipient's primary (contact or simulated phone) decrypts its copy for the log.
      const signal = party.kind === 'contact' ? party.contact.signal : party.account.primary;
      const decrypted = await signal.decrypt(deviceJid(account.lid, 'lid', device), encType, enc.content);
      if (!decrypted || phoneOf(party) !== entry.to) continue;
      const content = contentOf(ctx, decrypted, account, chatPartyOf(party));
      const text = content?.type === 'text' ? content.text : undefined;
      // A copy sent again is the same message: its content only fills in a first copy not decrypted.
      if (content && (!resend || entry.content === undefined)) entry.content = content;
      if (text !== undefined) (resend ?? entry).text = text;
      if (!ctx.log.messageOf(entry)) ctx.log.attachMessage(entry, decrypted);
      continue;
    }
    if (party.kind !== 'account') continue;
    // The recipient blocked the sender: nothing reaches its devices (the sender still gets the ack).
    if (party.account !== account && party.account.blocklist.has(account.phone)) {
      entry.blocked = true;
      continue;
    }
    const targetDevice = liveDevices(party.account).find((d) => d.id === deviceId);
    if (!targetDevice) continue;
    const own = party.account === account;
    const out = node(
      'message',
      {
        from,
        ...alt,
        recipient: own ? (stanza.attrs.recipient ?? to) : undefined,
        id,
        t: nowSeconds(),
        type: stanza.attrs.type ?? 'text',
        notify: account.name,
      },
      identity ? [enc, identity] : [enc],
    );
    deliverToDevice(targetDevice, out);
  }
  entry.ackedAt = Date.now();
  ack();
  if (target.kind === 'contact') scheduleContactReactions(ctx, target.contact, account, entry, viaLid);
};
