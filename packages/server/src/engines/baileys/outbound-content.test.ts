import { generateWAMessage, proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import type { MessageBody, MessageRef } from '../../domain/message-body.js';
import { EngineError } from '../engine.js';
import { outboundContent, pollSecret, type RetrySource, retryMessage } from './outbound-content.js';

const jid = '14155550100@s.whatsapp.net';
const me = '14155550000:3@s.whatsapp.net';
const id = '3EB0AAAA';
const SECRET = Buffer.alloc(32, 1);
const theirs: MessageRef = { messageId: 'msg_1', waMessageId: 'WA_THEIRS', fromMe: false, text: 'hello?' };
const mine: MessageRef = { messageId: 'msg_2', waMessageId: 'WA_MINE', fromMe: true, text: null };

/** The proto Baileys builds from the mapped content, as `sendMessage` would. */
const built = async (body: MessageBody) => {
  const { content, quoted } = outboundContent(body, jid, { waMessageId: id, sessionSecret: SECRET });
  const upload = async () => {
    throw new Error('no upload');
  };
  const msg = await generateWAMessage(jid, content, { userJid: me, upload, ...(quoted && { quoted }) });
  return proto.Message.decode(proto.Message.encode(msg.message!).finish());
};

describe('outboundContent', () => {
  it('a text with mentions as JIDs; no link preview when the body says so', () => {
    expect(
      outboundContent({ type: 'text', text: 'hi @14155550101', mentions: ['+14155550101'] }, jid, {
        waMessageId: id,
      }),
    ).toEqual({ content: { text: 'hi @14155550101', mentions: ['14155550101@s.whatsapp.net'] } });
    expect(
      outboundContent({ type: 'text', text: 'https://x.test', linkPreview: false }, jid, { waMessageId: id }),
    ).toEqual({ content: { text: 'https://x.test', linkPreview: null } });
    expect(outboundContent({ type: 'text', text: 'plain' }, jid, { waMessageId: id })).toEqual({
      content: { text: 'plain' },
    });
  });

  it('a reply quotes the referred message: its key and its text', () => {
    expect(outboundContent({ type: 'text', text: 'yes', replyTo: theirs }, jid, { waMessageId: id })).toEqual(
      {
        content: { text: 'yes' },
        quoted: {
          key: { remoteJid: jid, fromMe: false, id: 'WA_THEIRS' },
          message: { conversation: 'hello?' },
        },
      },
    );
    const { quoted } = outboundContent({ type: 'location', latitude: 1, longitude: 2, replyTo: mine }, jid, {
      waMessageId: id,
    });
    expect(quoted).toEqual({
      key: { remoteJid: jid, fromMe: true, id: 'WA_MINE' },
      message: { conversation: '' },
    });
  });

  it('Baileys turns the quote into contextInfo: stanzaId, participant (the author) and quotedMessage', async () => {
    const reply = await built({ type: 'text', text: 'yes', mentions: ['+14155550101'], replyTo: theirs });
    expect(reply.extendedTextMessage?.text).toBe('yes');
    expect(reply.extendedTextMessage?.contextInfo).toMatchObject({
      stanzaId: 'WA_THEIRS',
      participant: jid,
      quotedMessage: { conversation: 'hello?' },
      mentionedJid: ['14155550101@s.whatsapp.net'],
    });
    const toMine = await built({ type: 'text', text: 'again', replyTo: { ...mine, text: 'earlier' } });
    // The author of our own message is this account, without its device.
    expect(toMine.extendedTextMessage?.contextInfo).toMatchObject({
      stanzaId: 'WA_MINE',
      participant: '14155550000@s.whatsapp.net',
    });
    expect(toMine.extendedTextMessage?.contextInfo?.remoteJid).toBeFalsy();
  });

  it('a location with its name and address', () => {
    expect(
      outboundContent(
        { type: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin', address: null },
        jid,
        { waMessageId: id },
      ),
    ).toEqual({
      content: { location: { degreesLatitude: 52.52, degreesLongitude: 13.405, name: 'Berlin' } },
    });
  });

  it('contact cards: one becomes a contactMessage, several a contactsArrayMessage', async () => {
    const ann = { name: 'Ann', phone: '+14155550102', vcard: 'BEGIN:VCARD\nFN:Ann\nEND:VCARD' };
    const bo = { name: 'Bo', phone: null, vcard: 'BEGIN:VCARD\nFN:Bo\nEND:VCARD' };
    expect(outboundContent({ type: 'contact', contacts: [ann] }, jid, { waMessageId: id })).toEqual({
      content: { contacts: { displayName: 'Ann', contacts: [{ displayName: 'Ann', vcard: ann.vcard }] } },
    });
    expect((await built({ type: 'contact', contacts: [ann] })).contactMessage).toMatchObject({
      displayName: 'Ann',
      vcard: ann.vcard,
    });
    const both = await built({ type: 'contact', contacts: [ann, bo] });
    expect(both.contactsArrayMessage?.displayName).toBe('2 contacts');
    expect(both.contactsArrayMessage?.contacts?.map((c) => c.displayName)).toEqual(['Ann', 'Bo']);
  });

  it('a poll, with a secret derived from the session and the message id', async () => {
    const poll: MessageBody = {
      type: 'poll',
      question: 'Lunch?',
      options: ['Pizza', 'Sushi'],
      selectableCount: 1,
    };
    const { content } = outboundContent(poll, jid, { waMessageId: id, sessionSecret: SECRET });
    expect(content).toEqual({
      poll: {
        name: 'Lunch?',
        values: ['Pizza', 'Sushi'],
        selectableCount: 1,
        messageSecret: pollSecret(SECRET, id),
      },
    });
    expect(pollSecret(SECRET, id)).toHaveLength(32);
    expect(pollSecret(SECRET, id).equals(pollSecret(SECRET, id))).toBe(true);
    expect(pollSecret(SECRET, id).equals(pollSecret(SECRET, 'OTHER'))).toBe(false);
    expect(pollSecret(SECRET, id).equals(pollSecret(Buffer.alloc(32, 2), id))).toBe(false);
    // Without a session secret Baileys picks a random one.
    expect(outboundContent(poll, jid, { waMessageId: id }).content).toEqual({
      poll: { name: 'Lunch?', values: ['Pizza', 'Sushi'], selectableCount: 1 },
    });

    const single = await built(poll);
    expect(single.pollCreationMessageV3).toMatchObject({ name: 'Lunch?', selectableOptionsCount: 1 });
    expect(Buffer.from(single.messageContextInfo!.messageSecret!)).toEqual(pollSecret(SECRET, id));
    const multi = await built({ ...poll, selectableCount: 2 });
    expect(multi.pollCreationMessage?.options?.map((o) => o.optionName)).toEqual(['Pizza', 'Sushi']);
  });

  it("a reaction names its target by key; '' removes it", () => {
    expect(
      outboundContent({ type: 'reaction', target: mine, emoji: '👍' }, jid, { waMessageId: id }),
    ).toEqual({
      content: { react: { text: '👍', key: { remoteJid: jid, fromMe: true, id: 'WA_MINE' } } },
    });
    expect(
      outboundContent({ type: 'reaction', target: theirs, emoji: '' }, jid, { waMessageId: id }),
    ).toEqual({
      content: { react: { text: '', key: { remoteJid: jid, fromMe: false, id: 'WA_THEIRS' } } },
    });
  });

  it('media is not supported yet: a non-retryable UNSUPPORTED_MESSAGE_TYPE', () => {
    const image: MessageBody = {
      type: 'image',
      media: { id: 'med_1', contentType: 'image/jpeg', size: 10, fileName: null },
    };
    let caught: unknown;
    try {
      outboundContent(image, jid, { waMessageId: id });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect(caught).toMatchObject({ code: 'UNSUPPORTED_MESSAGE_TYPE', retryable: false });
  });
});

describe('retryMessage (getMessage for retry receipts)', () => {
  const stored = new Map<string, { to: string; toLid: string | null; body: MessageBody }>();
  const source: RetrySource = {
    lookupMessage: async (waId) => stored.get(waId),
    userJid: me,
    sessionSecret: SECRET,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  };
  const key = (waId: string, remoteJid = jid) => ({ id: waId, remoteJid, fromMe: true });

  it('rebuilds every sendable type as it was sent: the quote, the poll secret', async () => {
    stored.set('R1', {
      to: '+14155550100',
      toLid: null,
      body: { type: 'text', text: 'yes', replyTo: theirs },
    });
    const text = await retryMessage(key('R1'), source);
    expect(text?.extendedTextMessage).toMatchObject({
      text: 'yes',
      contextInfo: { stanzaId: 'WA_THEIRS', participant: jid, quotedMessage: { conversation: 'hello?' } },
    });

    stored.set('R2', {
      to: '+14155550100',
      toLid: '777@lid',
      body: { type: 'poll', question: 'Q?', options: ['a', 'b', 'c'], selectableCount: 2 },
    });
    const poll = await retryMessage(key('R2', '777@lid'), source);
    expect(poll?.pollCreationMessage).toMatchObject({ name: 'Q?', selectableOptionsCount: 2 });
    expect(Buffer.from(poll!.messageContextInfo!.messageSecret!)).toEqual(pollSecret(SECRET, 'R2'));

    stored.set('R3', {
      to: '+14155550100',
      toLid: null,
      body: { type: 'location', latitude: 1, longitude: 2 },
    });
    expect((await retryMessage(key('R3'), source))?.locationMessage).toMatchObject({
      degreesLatitude: 1,
      degreesLongitude: 2,
    });
    stored.set('R4', {
      to: '+14155550100',
      toLid: null,
      body: { type: 'reaction', target: mine, emoji: '🎉' },
    });
    expect((await retryMessage(key('R4'), source))?.reactionMessage).toMatchObject({
      text: '🎉',
      key: { id: 'WA_MINE', fromMe: true, remoteJid: jid },
    });
  });

  it('answers nothing for another chat, an unknown id, media, or before pairing', async () => {
    expect(await retryMessage(key('R1', '14155559999@s.whatsapp.net'), source)).toBeUndefined();
    expect(await retryMessage(key('NOPE'), source)).toBeUndefined();
    expect(await retryMessage({ remoteJid: jid }, source)).toBeUndefined();
    stored.set('R5', {
      to: '+14155550100',
      toLid: null,
      body: { type: 'sticker', media: { id: 'med_2', contentType: 'image/webp', size: 1, fileName: null } },
    });
    expect(await retryMessage(key('R5'), source)).toBeUndefined();
    expect(await retryMessage(key('R1'), { ...source, userJid: undefined })).toBeUndefined();
  });
});
