import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { decodeContent } from './decode.js';

/** Decodes what went over the wire, as the simulator does after decrypting it. */
const wire = (message: proto.IMessage) =>
  decodeContent(proto.Message.decode(proto.Message.encode(message).finish()));

const secret = Buffer.alloc(32, 7);

describe('decodeContent', () => {
  it('text: conversation, extended text with reply and mentions, inside wrappers', () => {
    expect(wire({ conversation: 'hi' })).toEqual({ type: 'text', text: 'hi' });
    expect(
      wire({
        extendedTextMessage: {
          text: 'yes @1555',
          contextInfo: {
            stanzaId: 'Q1',
            participant: '1@s.whatsapp.net',
            mentionedJid: ['1555@s.whatsapp.net'],
          },
        },
      }),
    ).toEqual({ type: 'text', text: 'yes @1555', quotedId: 'Q1', mentions: ['1555@s.whatsapp.net'] });
    expect(wire({ ephemeralMessage: { message: { conversation: 'gone soon' } } })).toEqual({
      type: 'text',
      text: 'gone soon',
    });
    expect(
      wire({ deviceSentMessage: { destinationJid: 'x@s.whatsapp.net', message: { conversation: 'mine' } } }),
    ).toEqual({ type: 'text', text: 'mine' });
  });

  it('location, live location, one contact and several', () => {
    expect(
      wire({
        locationMessage: { degreesLatitude: 52.5, degreesLongitude: 13.4, name: 'Berlin', address: 'Mitte' },
      }),
    ).toEqual({ type: 'location', latitude: 52.5, longitude: 13.4, name: 'Berlin', address: 'Mitte' });
    expect(wire({ liveLocationMessage: { degreesLatitude: 1, degreesLongitude: 2 } })).toEqual({
      type: 'location',
      latitude: 1,
      longitude: 2,
      live: true,
    });
    expect(wire({ contactMessage: { displayName: 'Ann', vcard: 'BEGIN:VCARD' } })).toEqual({
      type: 'contact',
      displayName: 'Ann',
      vcard: 'BEGIN:VCARD',
    });
    expect(
      wire({
        contactsArrayMessage: {
          displayName: '2 contacts',
          contacts: [
            { displayName: 'Ann', vcard: 'A' },
            { displayName: 'Bo', vcard: 'B' },
          ],
        },
      }),
    ).toEqual({
      type: 'contacts',
      displayName: '2 contacts',
      contacts: [
        { displayName: 'Ann', vcard: 'A' },
        { displayName: 'Bo', vcard: 'B' },
      ],
    });
  });

  it('polls v1, v2 and v3 with their secret; a vote names its poll', () => {
    const poll = { name: 'Lunch?', options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }] };
    const expected = {
      type: 'poll',
      question: 'Lunch?',
      options: ['Pizza', 'Sushi'],
      messageSecret: secret.toString('base64'),
    };
    expect(
      wire({
        messageContextInfo: { messageSecret: secret },
        pollCreationMessage: { ...poll, selectableOptionsCount: 0 },
      }),
    ).toEqual({ ...expected, selectableCount: 0 });
    expect(
      wire({
        messageContextInfo: { messageSecret: secret },
        pollCreationMessageV2: { ...poll, selectableOptionsCount: 2 },
      }),
    ).toEqual({ ...expected, selectableCount: 2 });
    expect(
      wire({
        messageContextInfo: { messageSecret: secret },
        pollCreationMessageV3: { ...poll, selectableOptionsCount: 1 },
      }),
    ).toEqual({ ...expected, selectableCount: 1 });
    expect(
      wire({
        pollUpdateMessage: {
          pollCreationMessageKey: { id: 'P1', remoteJid: 'x@s.whatsapp.net', fromMe: true },
          vote: { encPayload: Buffer.alloc(20), encIv: Buffer.alloc(12) },
        },
      }),
    ).toEqual({ type: 'poll_vote', pollId: 'P1' });
  });

  it('reactions (empty = removed), revokes and edits (also wrapped in editedMessage)', () => {
    const key = { id: 'T1', remoteJid: 'x@s.whatsapp.net', fromMe: false };
    expect(wire({ reactionMessage: { key, text: '👍', senderTimestampMs: 1 } })).toEqual({
      type: 'reaction',
      targetId: 'T1',
      emoji: '👍',
    });
    expect(wire({ reactionMessage: { key, text: '' } })).toEqual({
      type: 'reaction',
      targetId: 'T1',
      emoji: '',
    });
    expect(wire({ protocolMessage: { key, type: proto.Message.ProtocolMessage.Type.REVOKE } })).toEqual({
      type: 'revoke',
      targetId: 'T1',
    });
    const edit = {
      key,
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      editedMessage: { extendedTextMessage: { text: 'fixed' } },
    };
    expect(wire({ protocolMessage: edit })).toEqual({ type: 'edit', targetId: 'T1', text: 'fixed' });
    expect(wire({ editedMessage: { message: { protocolMessage: edit } } })).toEqual({
      type: 'edit',
      targetId: 'T1',
      text: 'fixed',
    });
    expect(
      wire({ protocolMessage: { ...edit, editedMessage: { imageMessage: { caption: 'new caption' } } } }),
    ).toEqual({ type: 'edit', targetId: 'T1', text: 'new caption' });
    expect(wire({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING } })).toEqual(
      {
        type: 'unknown',
        keys: ['protocolMessage'],
      },
    );
  });

  it('media: every type with its fields, bytes as base64, and a reply', () => {
    const key = Buffer.alloc(32, 1);
    expect(
      wire({
        imageMessage: {
          mimetype: 'image/jpeg',
          caption: 'look',
          fileLength: 1234,
          url: 'https://mmg.whatsapp.net/o1/v/t62/x',
          directPath: '/o1/v/t62/x',
          mediaKey: key,
          fileSha256: Buffer.alloc(32, 2),
          fileEncSha256: Buffer.alloc(32, 3),
          contextInfo: { stanzaId: 'Q2' },
        },
      }),
    ).toEqual({
      type: 'image',
      mimetype: 'image/jpeg',
      caption: 'look',
      fileLength: 1234,
      url: 'https://mmg.whatsapp.net/o1/v/t62/x',
      directPath: '/o1/v/t62/x',
      mediaKey: key.toString('base64'),
      fileSha256: Buffer.alloc(32, 2).toString('base64'),
      fileEncSha256: Buffer.alloc(32, 3).toString('base64'),
      quotedId: 'Q2',
    });
    expect(wire({ audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } })).toEqual({
      type: 'audio',
      mimetype: 'audio/ogg; codecs=opus',
      ptt: true,
    });
    expect(
      wire({
        documentWithCaptionMessage: {
          message: { documentMessage: { mimetype: 'application/pdf', fileName: 'a.pdf', caption: 'doc' } },
        },
      }),
    ).toEqual({ type: 'document', mimetype: 'application/pdf', fileName: 'a.pdf', caption: 'doc' });
    expect(wire({ videoMessage: { mimetype: 'video/mp4' } })).toEqual({
      type: 'video',
      mimetype: 'video/mp4',
    });
    expect(wire({ stickerMessage: { mimetype: 'image/webp' } })).toEqual({
      type: 'sticker',
      mimetype: 'image/webp',
    });
  });

  it('a forwarded message says so, beside its reply', () => {
    expect(
      wire({
        extendedTextMessage: {
          text: 'fwd',
          contextInfo: { isForwarded: true, forwardingScore: 1, stanzaId: 'Q' },
        },
      }),
    ).toEqual({ type: 'text', text: 'fwd', quotedId: 'Q', forwarded: true });
    expect(
      wire({
        locationMessage: { degreesLatitude: 1, degreesLongitude: 2, contextInfo: { isForwarded: true } },
      }),
    ).toEqual({ type: 'location', latitude: 1, longitude: 2, forwarded: true });
    expect(wire({ extendedTextMessage: { text: 'own', contextInfo: { isForwarded: false } } })).toEqual({
      type: 'text',
      text: 'own',
    });
  });

  it('anything else is unknown, with the keys it has', () => {
    expect(
      wire({ groupInviteMessage: { inviteCode: 'abc' }, messageContextInfo: { messageSecret: secret } }),
    ).toEqual({ type: 'unknown', keys: ['groupInviteMessage'] });
    expect(decodeContent(undefined)).toBeUndefined();
  });
});
