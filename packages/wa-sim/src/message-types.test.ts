import type {
  AnyMessageContent,
  MiscMessageGenerationOptions,
  proto,
  WAMessage,
} from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptPollVote } from './content/poll-vote.js';
import type { MessageContent } from './content/types.js';
import { type Simulator, startSimulator } from './simulator.js';
import {
  connectClient,
  type MemoryAuth,
  pairByQr,
  type StatusEvent,
  type TestClient,
} from './test-support/client.js';
import type { RelayedMessage } from './types.js';

type AckNode = { attrs: Record<string, string> };
type Upsert = { messages: WAMessage[]; type: string };

const ackFor = (id: string) => (n: AckNode) => n.attrs.id === id;
const statusFor = (id: string, status: number) => (s: StatusEvent) => s.id === id && s.status >= status;
const DELIVERED = 3;
const READ = 4;

let sim: Simulator;
const clients: TestClient[] = [];

const pair = (phone: string): Promise<TestClient> =>
  pairByQr(sim, phone, (auth: MemoryAuth) => {
    const client = connectClient(sim.url, auth);
    clients.push(client);
    return client;
  });

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.sock.end(undefined);
  await sim?.close();
});

const logged = (id: string): RelayedMessage | undefined => sim.messages().find((m) => m.id === id);

/** Waits for the server ack (no error) and the delivered receipt of a message `client` sent. */
const acceptedAndDelivered = async (client: TestClient, id: string): Promise<void> => {
  expect((await client.rec.waitFor<AckNode>('ack', ackFor(id))).attrs.error).toBeUndefined();
  await client.rec.waitFor<StatusEvent>('status', statusFor(id, DELIVERED));
};

const wasRead = (client: TestClient, id: string): boolean =>
  client.rec.events.some((e) => e.name === 'status' && statusFor(id, READ)(e.data as StatusEvent));

describe('outbound: the log decodes every type, and the sender gets the receipts', () => {
  const phone = '15550000201';
  const contactJid = '15559980001@s.whatsapp.net';
  let me: TestClient;

  beforeAll(async () => {
    me = await pair(phone);
    sim.addContact({ phone: '15559980001', behaviour: 'auto-read', receiptDelayMs: 5 });
  });

  /** Sends, waits for ack, delivered and read, and returns the sent message and its logged content. */
  const sendRead = async (
    content: AnyMessageContent,
    options?: MiscMessageGenerationOptions,
  ): Promise<{ sent: WAMessage; content: MessageContent | undefined }> => {
    const sent = (await me.sock.sendMessage(contactJid, content, options)) as WAMessage;
    const id = sent.key.id as string;
    await acceptedAndDelivered(me, id);
    await me.rec.waitFor<StatusEvent>('status', statusFor(id, READ));
    expect(logged(id)).toMatchObject({ direction: 'account-to-contact', from: phone, to: '15559980001' });
    return { sent, content: logged(id)?.content };
  };

  it('text, a reply with mentions, location, contact cards and polls are delivered and read', async () => {
    const first = await sendRead({ text: 'first' });
    expect(first.content).toEqual({ type: 'text', text: 'first' });
    expect(logged(first.sent.key.id as string)?.text).toBe('first');

    const reply = await sendRead({ text: 'a reply', mentions: [contactJid] }, { quoted: first.sent });
    expect(reply.content).toEqual({
      type: 'text',
      text: 'a reply',
      quotedId: first.sent.key.id,
      mentions: [contactJid],
    });

    const location = await sendRead({
      location: { degreesLatitude: 52.52, degreesLongitude: 13.405, name: 'Berlin', address: 'Mitte' },
    });
    expect(location.content).toEqual({
      type: 'location',
      latitude: 52.52,
      longitude: 13.405,
      name: 'Berlin',
      address: 'Mitte',
    });
    expect(logged(location.sent.key.id as string)?.text).toBeUndefined();

    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL;waid=15551112222:+1 555 111 2222\nEND:VCARD';
    const card = await sendRead({ contacts: { contacts: [{ displayName: 'Ann', vcard }] } });
    expect(card.content).toEqual({ type: 'contact', displayName: 'Ann', vcard });
    const cards = await sendRead({
      contacts: {
        displayName: '2 contacts',
        contacts: [
          { displayName: 'Ann', vcard },
          { displayName: 'Bo', vcard: 'BEGIN:VCARD\nFN:Bo\nEND:VCARD' },
        ],
      },
    });
    expect(cards.content).toMatchObject({ type: 'contacts', displayName: '2 contacts', contacts: [{}, {}] });

    const single = await sendRead({
      poll: { name: 'Lunch?', values: ['Pizza', 'Sushi'], selectableCount: 1 },
    });
    expect(single.sent.message?.pollCreationMessageV3).toBeTruthy();
    const secret = single.sent.message?.messageContextInfo?.messageSecret as Uint8Array;
    expect(single.content).toEqual({
      type: 'poll',
      question: 'Lunch?',
      options: ['Pizza', 'Sushi'],
      selectableCount: 1,
      messageSecret: Buffer.from(secret).toString('base64'),
    });
    const multi = await sendRead({
      poll: { name: 'Days?', values: ['Mon', 'Tue', 'Wed'], selectableCount: 0 },
    });
    expect(multi.sent.message?.pollCreationMessage).toBeTruthy();
    expect(multi.content).toMatchObject({ type: 'poll', options: ['Mon', 'Tue', 'Wed'], selectableCount: 0 });
  });

  it('reactions, their removal, edits and revokes are acked and delivered, never read', async () => {
    const base = await sendRead({ text: 'react to me' });
    const key = base.sent.key;
    const sends: Array<[AnyMessageContent, MessageContent]> = [
      [{ react: { text: '👍', key } }, { type: 'reaction', targetId: key.id as string, emoji: '👍' }],
      [{ react: { text: '', key } }, { type: 'reaction', targetId: key.id as string, emoji: '' }],
      [
        { text: 'react to me, edited', edit: key },
        { type: 'edit', targetId: key.id as string, text: 'react to me, edited' },
      ],
      [{ delete: key }, { type: 'revoke', targetId: key.id as string }],
    ];
    const ids: string[] = [];
    for (const [content, expected] of sends) {
      const sent = (await me.sock.sendMessage(contactJid, content)) as WAMessage;
      const id = sent.key.id as string;
      ids.push(id);
      await acceptedAndDelivered(me, id);
      expect(logged(id)?.content).toEqual(expected);
    }
    // Steps are scheduled in order with the same delay: once a later text is read, the read step of
    // the four above would have come.
    await sendRead({ text: 'after them' });
    for (const id of ids) {
      expect(wasRead(me, id)).toBe(false);
      expect(logged(id)?.readAt).toBeUndefined();
      expect(logged(id)?.deliveredAt).toBeTypeOf('number');
    }
  });

  it('media and unknown content (relayed as protos, no upload) are decoded and read', async () => {
    const mediaKey = Buffer.alloc(32, 9);
    const image: proto.IMessage = {
      imageMessage: {
        mimetype: 'image/jpeg',
        caption: 'a cat',
        fileLength: 2048,
        url: 'https://mmg.whatsapp.net/v/t62.7118-24/cat.enc',
        directPath: '/v/t62.7118-24/cat.enc',
        mediaKey,
        fileSha256: Buffer.alloc(32, 1),
        fileEncSha256: Buffer.alloc(32, 2),
      },
    };
    const cases: Array<[proto.IMessage, MessageContent]> = [
      [
        image,
        {
          type: 'image',
          mimetype: 'image/jpeg',
          caption: 'a cat',
          fileLength: 2048,
          url: 'https://mmg.whatsapp.net/v/t62.7118-24/cat.enc',
          directPath: '/v/t62.7118-24/cat.enc',
          mediaKey: mediaKey.toString('base64'),
          fileSha256: Buffer.alloc(32, 1).toString('base64'),
          fileEncSha256: Buffer.alloc(32, 2).toString('base64'),
        },
      ],
      [
        { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 3 } },
        { type: 'audio', mimetype: 'audio/ogg; codecs=opus', ptt: true },
      ],
      [
        { documentMessage: { mimetype: 'application/pdf', fileName: 'cv.pdf' } },
        { type: 'document', mimetype: 'application/pdf', fileName: 'cv.pdf' },
      ],
      [
        { videoMessage: { mimetype: 'video/mp4', caption: 'clip' } },
        { type: 'video', mimetype: 'video/mp4', caption: 'clip' },
      ],
      [{ stickerMessage: { mimetype: 'image/webp' } }, { type: 'sticker', mimetype: 'image/webp' }],
      [
        { groupInviteMessage: { inviteCode: 'abc', groupJid: '1203630@g.us' } },
        { type: 'unknown', keys: ['groupInviteMessage'] },
      ],
    ];
    for (const [message, expected] of cases) {
      const id = await me.sock.relayMessage(contactJid, message, {});
      await acceptedAndDelivered(me, id);
      await me.rec.waitFor<StatusEvent>('status', statusFor(id, READ));
      expect(logged(id)?.content).toEqual(expected);
    }
  });

  it("a vote on a contact's poll is decrypted with the poll from the log; delivered, never read", async () => {
    const contact = sim.addContact({ phone: '15559980002', behaviour: 'auto-read', receiptDelayMs: 5 });
    const { id: pollId } = sim.injectInbound({
      to: phone,
      from: contact.phone,
      content: { type: 'poll', question: 'Where?', options: ['Here', 'There'], selectableCount: 1 },
    });
    const upsert = await me.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === pollId),
    );
    const poll = upsert.messages.find((m) => m.key.id === pollId) as WAMessage;
    const secret = poll.message?.messageContextInfo?.messageSecret as Uint8Array;
    // What a phone sends: encrypted for the creator's LID and the voter's phone number.
    const vote = encryptPollVote(
      {
        pollId,
        messageSecret: secret,
        creatorJid: `${contact.lid}@lid`,
        voterJid: `${phone}@s.whatsapp.net`,
      },
      ['There'],
    );
    const id = await me.sock.relayMessage(
      `${contact.phone}@s.whatsapp.net`,
      { pollUpdateMessage: { pollCreationMessageKey: poll.key, vote, senderTimestampMs: Date.now() } },
      {},
    );
    await acceptedAndDelivered(me, id);
    expect(logged(id)?.content).toEqual({ type: 'poll_vote', pollId, selectedOptions: ['There'] });
    await sendRead({ text: 'after the vote' });
    expect(wasRead(me, id)).toBe(false);
  });
});

describe('outbound to accounts and reply contacts', () => {
  it("decodes what an account sends another (via the recipient's phone), which the recipient gets", async () => {
    const alice = await pair('15550000211');
    const bob = await pair('15550000212');
    const sent = (await alice.sock.sendMessage('15550000212@s.whatsapp.net', {
      location: { degreesLatitude: -33.86, degreesLongitude: 151.21 },
    })) as WAMessage;
    const id = sent.key.id as string;
    await acceptedAndDelivered(alice, id);
    const received = await bob.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === id),
    );
    expect(received.messages[0]?.message?.locationMessage?.degreesLatitude).toBe(-33.86);
    expect(logged(id)).toMatchObject({
      direction: 'account-to-account',
      content: { type: 'location', latitude: -33.86, longitude: 151.21 },
    });
  });

  it('a reply contact echoes a location and a poll, but not a reaction', async () => {
    const me = await pair('15550000221');
    const jid = '15559980021@s.whatsapp.net';
    sim.addContact({ phone: '15559980021', behaviour: 'reply', receiptDelayMs: 5 });
    const fromContact = (pick: (m: WAMessage) => boolean) => (u: Upsert) =>
      u.messages.some((m) => !m.key.fromMe && m.key.remoteJid === jid && pick(m));

    const location = (await me.sock.sendMessage(jid, {
      location: { degreesLatitude: 1.5, degreesLongitude: 2.5 },
    })) as WAMessage;
    await me.rec.waitFor<Upsert>(
      'messages.upsert',
      fromContact((m) => m.message?.locationMessage?.degreesLongitude === 2.5),
    );
    await me.sock.sendMessage(jid, { react: { text: '🎉', key: location.key } });
    await me.sock.sendMessage(jid, { poll: { name: 'Echo?', values: ['Yes', 'No'], selectableCount: 1 } });
    const echo = await me.rec.waitFor<Upsert>(
      'messages.upsert',
      fromContact((m) => m.message?.pollCreationMessageV3?.name === 'Echo?'),
    );
    const echoed = echo.messages.find((m) => m.message?.pollCreationMessageV3) as WAMessage;
    expect(echoed.message?.messageContextInfo?.messageSecret).toHaveLength(32);
    expect(
      me.rec.events.some(
        (e) =>
          e.name === 'messages.upsert' && fromContact((m) => !!m.message?.reactionMessage)(e.data as Upsert),
      ),
    ).toBe(false);
  });
});
