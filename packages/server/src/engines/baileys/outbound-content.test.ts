import { generateWAMessage, proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import type { MediaBody, MessageBody, MessageRef } from '../../domain/message-body.js';
import { EngineError } from '../engine.js';
import { outboundContent, pollSecret } from './outbound-content.js';

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

  it('media: the file as Baileys uploads it, with caption, file name, voice flag and mimetype', () => {
    const file = { upload: Buffer.from('bytes'), contentType: 'image/png', fileName: 'a.png' };
    const media = (type: MediaBody['type'], extra: Partial<MediaBody> = {}): MediaBody => ({
      type,
      media: { id: 'med_1', contentType: 'application/x-stale', size: 5, fileName: null },
      ...extra,
    });
    const map = (body: MediaBody) => outboundContent(body, jid, { waMessageId: id, file }).content;
    expect(map(media('image', { caption: 'look' }))).toEqual({
      image: file.upload,
      mimetype: 'image/png',
      caption: 'look',
    });
    expect(map(media('video', { caption: null }))).toEqual({ video: file.upload, mimetype: 'image/png' });
    expect(map(media('audio', { voice: true }))).toEqual({
      audio: file.upload,
      mimetype: 'image/png',
      ptt: true,
    });
    expect(map(media('audio'))).toEqual({ audio: file.upload, mimetype: 'image/png', ptt: false });
    expect(map(media('document', { caption: 'cv' }))).toEqual({
      document: file.upload,
      mimetype: 'image/png',
      fileName: 'a.png',
      caption: 'cv',
    });
    expect(map(media('sticker'))).toEqual({ sticker: file.upload, mimetype: 'image/png' });
    // Without its file a media body cannot be mapped.
    expect(() => outboundContent(media('image'), jid, { waMessageId: id })).toThrow(EngineError);
  });

  it("edits and revokes name this account's message by key; the contact's cannot be", async () => {
    expect(outboundContent({ type: 'edit', target: mine, text: 'fixed' }, jid, { waMessageId: id })).toEqual({
      content: { text: 'fixed', edit: { remoteJid: jid, fromMe: true, id: 'WA_MINE' }, linkPreview: null },
    });
    expect(outboundContent({ type: 'revoke', target: mine }, jid, { waMessageId: id })).toEqual({
      content: { delete: { remoteJid: jid, fromMe: true, id: 'WA_MINE' } },
    });
    for (const body of [
      { type: 'edit', target: theirs, text: 'x' },
      { type: 'revoke', target: theirs },
    ] as MessageBody[]) {
      expect(() => outboundContent(body, jid, { waMessageId: id })).toThrow(
        expect.objectContaining({ code: 'INVALID_MESSAGE', retryable: false }),
      );
    }
    const edit = await built({ type: 'edit', target: mine, text: 'fixed' });
    expect(edit.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      key: { id: 'WA_MINE', fromMe: true },
      editedMessage: { extendedTextMessage: { text: 'fixed' } },
    });
    const revoke = await built({ type: 'revoke', target: mine });
    expect(revoke.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.REVOKE,
      key: { id: 'WA_MINE' },
    });
  });

  it('a forwarded body carries isForwarded (score 1), beside mentions and a quote; a poll cannot', async () => {
    const text = await built({
      type: 'text',
      text: 'fwd @14155550101',
      mentions: ['+14155550101'],
      replyTo: theirs,
      forwarded: true,
    });
    expect(text.extendedTextMessage?.contextInfo).toMatchObject({
      isForwarded: true,
      forwardingScore: 1,
      mentionedJid: ['14155550101@s.whatsapp.net'],
      stanzaId: 'WA_THEIRS',
    });
    const place = await built({ type: 'location', latitude: 1, longitude: 2, forwarded: true });
    expect(place.locationMessage?.contextInfo).toMatchObject({ isForwarded: true, forwardingScore: 1 });
    const card = await built({
      type: 'contact',
      contacts: [{ name: 'Ann', phone: null, vcard: 'BEGIN:VCARD' }],
      forwarded: true,
    });
    expect(card.contactMessage?.contextInfo?.isForwarded).toBe(true);
    expect(
      (await built({ type: 'text', text: 'own' })).extendedTextMessage?.contextInfo?.isForwarded,
    ).toBeFalsy();
    expect(() =>
      outboundContent(
        { type: 'poll', question: 'Q', options: ['a', 'b'], selectableCount: 1, forwarded: true },
        jid,
        { waMessageId: id },
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_MESSAGE' }));
  });
});
