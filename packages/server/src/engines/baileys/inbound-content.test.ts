import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { inboundContent, ownAccount, vcardPhone } from './inbound-content.js';

const me = { phone: '+14155550000', lid: '900000000000001@lid' };
/** As Baileys hands it over: decoded from the wire. */
const wire = (message: proto.IMessage) =>
  inboundContent(proto.Message.decode(proto.Message.encode(message).finish()), me);

describe('inboundContent', () => {
  it('texts: conversation, extended text, inside wrappers', () => {
    expect(wire({ conversation: 'hi' })).toEqual({ type: 'text', text: 'hi' });
    expect(wire({ extendedTextMessage: { text: 'see https://x.test' } })).toEqual({
      type: 'text',
      text: 'see https://x.test',
    });
    expect(wire({ ephemeralMessage: { message: { conversation: 'gone soon' } } })).toEqual({
      type: 'text',
      text: 'gone soon',
    });
    expect(wire({ viewOnceMessage: { message: { extendedTextMessage: { text: 'once' } } } })).toEqual({
      type: 'text',
      text: 'once',
    });
    expect(
      wire({ deviceSentMessage: { destinationJid: 'x@s.whatsapp.net', message: { conversation: 'mine' } } }),
    ).toEqual({ type: 'text', text: 'mine' });
    // A plain object with unset fields as nulls, as some callers build them.
    expect(inboundContent({ conversation: null, extendedTextMessage: { text: 'x' } }, me)).toEqual({
      type: 'text',
      text: 'x',
    });
  });

  it('mentions become phones when they are phone JIDs', () => {
    expect(
      wire({
        extendedTextMessage: {
          text: '@14155550101 @someone',
          contextInfo: { mentionedJid: ['14155550101@s.whatsapp.net', '123456789012345@lid'] },
        },
      }),
    ).toEqual({ type: 'text', text: '@14155550101 @someone', mentions: ['+14155550101'] });
  });

  it('a reply: the quoted id, whether this account wrote it (by phone or LID), and its text', () => {
    const reply = (participant: string | undefined, quotedMessage?: proto.IMessage) =>
      wire({
        extendedTextMessage: {
          text: 'yes',
          contextInfo: {
            stanzaId: 'Q1',
            ...(participant && { participant }),
            ...(quotedMessage && { quotedMessage }),
          },
        },
      });
    expect(reply('14155550000@s.whatsapp.net', { conversation: 'lunch?' })).toEqual({
      type: 'text',
      text: 'yes',
      replyTo: { messageId: null, waMessageId: 'Q1', fromMe: true, text: 'lunch?' },
    });
    expect(reply('900000000000001@lid')).toMatchObject({ replyTo: { fromMe: true, text: null } });
    expect(reply('14155550101@s.whatsapp.net', { extendedTextMessage: { text: 'theirs' } })).toMatchObject({
      replyTo: { waMessageId: 'Q1', fromMe: false, text: 'theirs' },
    });
    expect(reply(undefined)).toMatchObject({ replyTo: { fromMe: false } });
    // Quotes of other types show their caption, question or place.
    expect(reply('x@s.whatsapp.net', { imageMessage: { caption: 'look' } })).toMatchObject({
      replyTo: { text: 'look' },
    });
    expect(
      reply('x@s.whatsapp.net', {
        pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'a' }] },
      }),
    ).toMatchObject({ replyTo: { text: 'Lunch?' } });
    expect(
      reply('x@s.whatsapp.net', {
        locationMessage: { degreesLatitude: 1, degreesLongitude: 2, name: 'Home' },
      }),
    ).toMatchObject({ replyTo: { text: 'Home' } });
  });

  it('a location, also as a reply', () => {
    expect(
      wire({
        locationMessage: {
          degreesLatitude: 52.52,
          degreesLongitude: 13.405,
          name: 'Berlin',
          address: 'Mitte',
        },
      }),
    ).toEqual({ type: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin', address: 'Mitte' });
    expect(
      wire({
        locationMessage: {
          degreesLatitude: -1.5,
          degreesLongitude: 0,
          contextInfo: { stanzaId: 'Q2', participant: '14155550000@s.whatsapp.net' },
        },
      }),
    ).toEqual({
      type: 'location',
      latitude: -1.5,
      longitude: 0,
      name: null,
      address: null,
      replyTo: { messageId: null, waMessageId: 'Q2', fromMe: true, text: null },
    });
  });

  it('contact cards: the name, the vCard and its phone', () => {
    const vcard =
      'BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL;type=CELL;waid=14155550102:+1 415 555 0102\nEND:VCARD';
    expect(wire({ contactMessage: { displayName: 'Ann', vcard } })).toEqual({
      type: 'contact',
      contacts: [{ name: 'Ann', phone: '+14155550102', vcard }],
    });
    const bo = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\\, Jr.\r\nTEL;TYPE=HOME:+44 20 7946 0958\r\nEND:VCARD';
    expect(
      wire({
        contactsArrayMessage: {
          displayName: '2 contacts',
          contacts: [{ displayName: 'Ann', vcard }, { vcard: bo }],
        },
      }),
    ).toEqual({
      type: 'contact',
      contacts: [
        { name: 'Ann', phone: '+14155550102', vcard },
        { name: 'Bo, Jr.', phone: '+442079460958', vcard: bo },
      ],
    });
    expect(wire({ contactsArrayMessage: { contacts: [] } })).toBeUndefined();
  });

  it('vCard phones: waid first, else an international TEL; a local number is no E.164', () => {
    expect(vcardPhone('TEL;waid=4915112345678:+49 151 12345678')).toBe('+4915112345678');
    expect(vcardPhone('item1.TEL;type=CELL;waid=14155550102:+1 (415) 555-0102')).toBe('+14155550102');
    expect(vcardPhone('TEL;TYPE=CELL:+1 (415) 555-0103')).toBe('+14155550103');
    expect(vcardPhone('TEL;VALUE=uri:tel:+14155550104')).toBe('+14155550104');
    expect(vcardPhone('TEL:0151 12345678')).toBeNull();
    expect(vcardPhone('FN:Nobody')).toBeNull();
  });

  it('polls v1, v2, v3 and v5; "any number" (0) becomes every option', () => {
    const poll = { name: 'Lunch?', options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }] };
    const expected = { type: 'poll', question: 'Lunch?', options: ['Pizza', 'Sushi'] };
    const secret = { messageContextInfo: { messageSecret: Buffer.alloc(32, 1) } };
    expect(wire({ ...secret, pollCreationMessage: { ...poll, selectableOptionsCount: 0 } })).toEqual({
      ...expected,
      selectableCount: 2,
    });
    expect(wire({ ...secret, pollCreationMessageV2: { ...poll, selectableOptionsCount: 2 } })).toEqual({
      ...expected,
      selectableCount: 2,
    });
    expect(wire({ ...secret, pollCreationMessageV3: { ...poll, selectableOptionsCount: 1 } })).toEqual({
      ...expected,
      selectableCount: 1,
    });
    expect(wire({ pollCreationMessageV5: { ...poll, selectableOptionsCount: 1 } })).toEqual({
      ...expected,
      selectableCount: 1,
    });
  });

  it("reactions: the target's key as Baileys turned it to this account's view; '' = removed", () => {
    const key = { remoteJid: '14155550101@s.whatsapp.net', fromMe: true, id: 'T1' };
    expect(wire({ reactionMessage: { key, text: '👍', senderTimestampMs: 1 } })).toEqual({
      type: 'reaction',
      target: { messageId: null, waMessageId: 'T1', fromMe: true, text: null },
      emoji: '👍',
    });
    expect(wire({ reactionMessage: { key: { ...key, fromMe: false }, text: '' } })).toEqual({
      type: 'reaction',
      target: { messageId: null, waMessageId: 'T1', fromMe: false, text: null },
      emoji: '',
    });
    expect(wire({ reactionMessage: { text: '👍' } })).toBeUndefined();
  });

  it("edits and revokes: the target (the sender's own message), the new text or caption", () => {
    const key = { remoteJid: 'x@s.whatsapp.net', fromMe: true, id: 'T1' };
    const target = { messageId: null, waMessageId: 'T1', fromMe: false, text: null };
    expect(wire({ protocolMessage: { key, type: proto.Message.ProtocolMessage.Type.REVOKE } })).toEqual({
      type: 'revoke',
      target,
    });
    const edit = (editedMessage: proto.IMessage) =>
      wire({
        editedMessage: {
          message: {
            protocolMessage: { key, type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT, editedMessage },
          },
        },
      });
    expect(edit({ conversation: 'fixed' })).toEqual({ type: 'edit', target, text: 'fixed' });
    expect(edit({ extendedTextMessage: { text: 'ext' } })).toEqual({ type: 'edit', target, text: 'ext' });
    expect(edit({ imageMessage: { caption: 'new caption' } })).toEqual({
      type: 'edit',
      target,
      text: 'new caption',
    });
    // A bare protocolMessage MESSAGE_EDIT (no editedMessage wrapper) reads the same.
    expect(
      wire({
        protocolMessage: {
          key,
          type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
          editedMessage: { conversation: 'bare' },
        },
      }),
    ).toEqual({ type: 'edit', target, text: 'bare' });
  });

  it('media: type, mimetype, size, file name, caption and voice flag, without the file yet', () => {
    expect(wire({ imageMessage: { mimetype: 'image/png', caption: 'look', fileLength: 42 } })).toEqual({
      type: 'image',
      media: { id: null, contentType: 'image/png', size: 42, fileName: null },
      caption: 'look',
    });
    expect(wire({ videoMessage: { mimetype: 'video/mp4' } })).toEqual({
      type: 'video',
      media: { id: null, contentType: 'video/mp4', size: null, fileName: null },
      caption: null,
    });
    expect(wire({ ptvMessage: { mimetype: 'video/mp4', fileLength: 7 } })).toMatchObject({ type: 'video' });
    expect(wire({ audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true, fileLength: 9 } })).toEqual({
      type: 'audio',
      media: { id: null, contentType: 'audio/ogg; codecs=opus', size: 9, fileName: null },
      voice: true,
    });
    expect(wire({ audioMessage: { mimetype: 'audio/mpeg' } })).toMatchObject({ type: 'audio', voice: false });
    expect(
      wire({
        documentWithCaptionMessage: {
          message: {
            documentMessage: {
              mimetype: 'application/pdf',
              fileName: 'cv.pdf',
              caption: 'cv',
              fileLength: 3,
            },
          },
        },
      }),
    ).toEqual({
      type: 'document',
      media: { id: null, contentType: 'application/pdf', size: 3, fileName: 'cv.pdf' },
      caption: 'cv',
    });
    // No mimetype: what WhatsApp assumes.
    expect(wire({ stickerMessage: { fileLength: 5 } })).toEqual({
      type: 'sticker',
      media: { id: null, contentType: 'image/webp', size: 5, fileName: null },
    });
  });

  it('a forwarded message says so', () => {
    expect(
      wire({ extendedTextMessage: { text: 'fwd', contextInfo: { isForwarded: true, forwardingScore: 3 } } }),
    ).toEqual({ type: 'text', text: 'fwd', forwarded: true });
    expect(
      wire({ imageMessage: { mimetype: 'image/png', contextInfo: { isForwarded: true } } }),
    ).toMatchObject({ type: 'image', forwarded: true });
    expect(wire({ extendedTextMessage: { text: 'own', contextInfo: { isForwarded: false } } })).toEqual({
      type: 'text',
      text: 'own',
    });
  });

  it('ignores what is no message a user wrote, and types not mapped', () => {
    const key = { remoteJid: 'x@s.whatsapp.net', fromMe: true, id: 'T1' };
    expect(
      wire({ protocolMessage: { key, type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING } }),
    ).toBeUndefined();
    expect(wire({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE } })).toBeUndefined();
    expect(
      wire({
        senderKeyDistributionMessage: { groupId: 'g', axolotlSenderKeyDistributionMessage: Buffer.alloc(3) },
        messageContextInfo: { messageSecret: Buffer.alloc(32) },
      }),
    ).toBeUndefined();
    // Votes are encrypted: poll-votes.ts opens them.
    expect(
      wire({ pollUpdateMessage: { pollCreationMessageKey: key, vote: { encPayload: Buffer.alloc(4) } } }),
    ).toBeUndefined();
    expect(wire({ liveLocationMessage: { degreesLatitude: 1, degreesLongitude: 2 } })).toBeUndefined();
    expect(wire({})).toBeUndefined();
    expect(inboundContent(undefined, me)).toBeUndefined();
    expect(inboundContent(null, me)).toBeUndefined();
  });
});

describe('ownAccount', () => {
  it("reads the phone from the socket's user or the creds, and the LID from either", () => {
    expect(ownAccount({ id: '14155550000:3@s.whatsapp.net' }, { id: 'x', lid: '9001:3@lid' })).toEqual({
      phone: '+14155550000',
      lid: '9001@lid',
    });
    expect(ownAccount(undefined, { id: '14155550000:3@s.whatsapp.net' })).toEqual({
      phone: '+14155550000',
      lid: undefined,
    });
    expect(ownAccount({ id: '14155550000@s.whatsapp.net', lid: '9002@lid' }, undefined)).toEqual({
      phone: '+14155550000',
      lid: '9002@lid',
    });
  });
});
