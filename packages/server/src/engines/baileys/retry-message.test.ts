import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import type { MessageBody, MessageRef } from '../../domain/message-body.js';
import type { EngineStateStore } from '../engine.js';
import { pollSecret } from './outbound-content.js';
import { pruneSentMedia, rememberSentMedia, SENT_MEDIA_TTL_MS } from './outbound-media.js';
import { type RetrySource, retryMessage } from './retry-message.js';

const jid = '14155550100@s.whatsapp.net';
const me = '14155550000:3@s.whatsapp.net';
const SECRET = Buffer.alloc(32, 1);
const theirs: MessageRef = { messageId: 'msg_1', waMessageId: 'WA_THEIRS', fromMe: false, text: 'hello?' };
const mine: MessageRef = { messageId: 'msg_2', waMessageId: 'WA_MINE', fromMe: true, text: null };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function memoryState(): EngineStateStore & { rows: Map<string, unknown> } {
  const rows = new Map<string, unknown>();
  return {
    rows,
    async get<T>(type: string, ids: readonly string[]) {
      return Object.fromEntries(ids.map((i) => [i, rows.get(`${type}/${i}`) as T | undefined]));
    },
    async list<T>(type: string) {
      const out: Record<string, T> = {};
      for (const [k, v] of rows) if (k.startsWith(`${type}/`)) out[k.slice(type.length + 1)] = v as T;
      return out;
    },
    async set(data) {
      for (const [type, entries] of Object.entries(data)) {
        for (const [i, v] of Object.entries(entries)) {
          if (v === null) rows.delete(`${type}/${i}`);
          else rows.set(`${type}/${i}`, v);
        }
      }
    },
    async clear() {
      rows.clear();
    },
  };
}

describe('retryMessage (getMessage for retry receipts)', () => {
  const stored = new Map<string, { to: string; toLid: string | null; body: MessageBody }>();
  const state = memoryState();
  const source: RetrySource = {
    lookupMessage: async (waId) => stored.get(waId),
    state,
    userJid: me,
    sessionSecret: SECRET,
    logger: silent,
  };
  const key = (waId: string, remoteJid = jid) => ({ id: waId, remoteJid, fromMe: true });
  const to = (body: MessageBody, toLid: string | null = null) => ({ to: '+14155550100', toLid, body });

  it('rebuilds every sendable type as it was sent: the quote, the poll secret, edits and revokes', async () => {
    stored.set('R1', to({ type: 'text', text: 'yes', replyTo: theirs }));
    const text = await retryMessage(key('R1'), source);
    expect(text?.extendedTextMessage).toMatchObject({
      text: 'yes',
      contextInfo: { stanzaId: 'WA_THEIRS', participant: jid, quotedMessage: { conversation: 'hello?' } },
    });

    stored.set(
      'R2',
      to({ type: 'poll', question: 'Q?', options: ['a', 'b', 'c'], selectableCount: 2 }, '777@lid'),
    );
    const poll = await retryMessage(key('R2', '777@lid'), source);
    expect(poll?.pollCreationMessage).toMatchObject({ name: 'Q?', selectableOptionsCount: 2 });
    expect(Buffer.from(poll!.messageContextInfo!.messageSecret!)).toEqual(pollSecret(SECRET, 'R2'));

    stored.set('R3', to({ type: 'location', latitude: 1, longitude: 2 }));
    expect((await retryMessage(key('R3'), source))?.locationMessage).toMatchObject({
      degreesLatitude: 1,
      degreesLongitude: 2,
    });
    stored.set('R4', to({ type: 'reaction', target: mine, emoji: '🎉' }));
    expect((await retryMessage(key('R4'), source))?.reactionMessage).toMatchObject({
      text: '🎉',
      key: { id: 'WA_MINE', fromMe: true, remoteJid: jid },
    });
    stored.set('R6', to({ type: 'edit', target: mine, text: 'new' }));
    expect((await retryMessage(key('R6'), source))?.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      key: { id: 'WA_MINE' },
    });
    stored.set('R7', to({ type: 'revoke', target: mine }));
    expect((await retryMessage(key('R7'), source))?.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.REVOKE,
    });
  });

  it('media: the copy kept when it was sent, nothing uploaded; nothing once it is not kept', async () => {
    const sticker: MessageBody = {
      type: 'sticker',
      media: { id: 'med_2', contentType: 'image/webp', size: 1, fileName: null },
    };
    stored.set('R5', to(sticker));
    expect(await retryMessage(key('R5'), source)).toBeUndefined();
    const sent: proto.IMessage = {
      stickerMessage: {
        url: 'https://mmg.test/x',
        directPath: '/x',
        mediaKey: Buffer.alloc(32, 9),
        fileLength: 1,
      },
    };
    await rememberSentMedia({ state, logger: silent }, 'R5', sent);
    const kept = await retryMessage(key('R5'), source);
    expect(kept?.stickerMessage).toMatchObject({ directPath: '/x', url: 'https://mmg.test/x' });
    expect(Buffer.from(kept!.stickerMessage!.mediaKey!)).toEqual(Buffer.alloc(32, 9));
    // Another chat still gets nothing.
    expect(await retryMessage(key('R5', '14155559999@s.whatsapp.net'), source)).toBeUndefined();

    // Kept copies expire; pruning forgets them.
    await rememberSentMedia({ state, logger: silent }, 'OLD', sent, Date.now() - SENT_MEDIA_TTL_MS - 1);
    expect(await pruneSentMedia(state)).toBe(1);
    expect([...state.rows.keys()]).toEqual(['sent-media/R5']);
  });

  it('answers nothing for another chat, an unknown id, or before pairing', async () => {
    expect(await retryMessage(key('R1', '14155559999@s.whatsapp.net'), source)).toBeUndefined();
    expect(await retryMessage(key('NOPE'), source)).toBeUndefined();
    expect(await retryMessage({ remoteJid: jid }, source)).toBeUndefined();
    expect(await retryMessage(key('R1'), { ...source, userJid: undefined })).toBeUndefined();
  });
});
