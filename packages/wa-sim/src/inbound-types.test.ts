import {
  decryptPollVote,
  getAggregateVotesInPollMessage,
  proto,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInfo } from './simulator.js';
import { type Simulator, startSimulator } from './simulator.js';
import { connectClient, type MemoryAuth, pairByQr, type TestClient } from './test-support/client.js';

type Upsert = { messages: WAMessage[]; type: string };
type Update = { key: WAMessageKey; update: Partial<WAMessage> };
type Reaction = { key: WAMessageKey; reaction: proto.Message.IReactionMessage & { key: WAMessageKey } };

let sim: Simulator;
let me: TestClient;
let contact: ContactInfo;
const clients: TestClient[] = [];
const phone = '15550000301';
const myJid = `${phone}@s.whatsapp.net`;
const contactJid = '15559970001@s.whatsapp.net';

beforeAll(async () => {
  sim = await startSimulator();
  contact = sim.addContact({ phone: '15559970001' });
  me = await pairByQr(sim, phone, (auth: MemoryAuth) => {
    const client = connectClient(sim.url, auth);
    clients.push(client);
    return client;
  });
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.sock.end(undefined);
  await sim?.close();
});

/** The message with this id from a `messages.upsert` the client emitted. */
const received = async (id: string): Promise<WAMessage> => {
  const upsert = await me.rec.waitFor<Upsert>('messages.upsert', (u) =>
    u.messages.some((m) => m.key.id === id),
  );
  expect(upsert.type).toBe('notify');
  const msg = upsert.messages.find((m) => m.key.id === id) as WAMessage;
  expect(msg.key).toMatchObject({ fromMe: false, remoteJid: contactJid, remoteJidAlt: `${contact.lid}@lid` });
  return msg;
};

const inject = (content: Parameters<Simulator['injectInbound']>[0]['content']): string =>
  sim.injectInbound({ to: phone, from: contact.phone, content }).id;

/** Sends from the account and waits for the server ack, so the message is in the simulator's log. */
const send = async (content: Parameters<TestClient['sock']['sendMessage']>[1]): Promise<WAMessage> => {
  const sent = (await me.sock.sendMessage(contactJid, content)) as WAMessage;
  await me.rec.waitFor<{ attrs: Record<string, string> }>('ack', (n) => n.attrs.id === sent.key.id);
  return sent;
};

/** Polls server-side state that has no event; the test's timeout bounds it. */
const waitUntil = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
};

describe('inbound: every type from a contact reaches Baileys with the matching proto', () => {
  it('a reply with mentions quotes the message and its author', async () => {
    const mine = await send({ text: 'question' });
    const id = inject({ type: 'text', text: 'answer', quotedId: mine.key.id as string, mentions: [myJid] });
    const msg = await received(id);
    expect(msg.message?.extendedTextMessage).toMatchObject({
      text: 'answer',
      contextInfo: {
        stanzaId: mine.key.id,
        participant: myJid,
        mentionedJid: [myJid],
        quotedMessage: { extendedTextMessage: { text: 'question' } },
      },
    });
    expect(sim.messages().find((m) => m.id === id)).toMatchObject({
      direction: 'contact-to-account',
      text: 'answer',
      content: { type: 'text', text: 'answer', quotedId: mine.key.id },
    });
    // Baileys acks every inbound type with a delivered receipt.
    await waitUntil(() => sim.messages().find((m) => m.id === id)?.deliveredAt !== undefined);
  });

  it('location, one contact card and several', async () => {
    const location = await received(
      inject({
        type: 'location',
        latitude: 48.8584,
        longitude: 2.2945,
        name: 'Tour Eiffel',
        address: 'Paris',
      }),
    );
    expect(location.message?.locationMessage).toMatchObject({
      degreesLatitude: 48.8584,
      degreesLongitude: 2.2945,
      name: 'Tour Eiffel',
      address: 'Paris',
    });
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD';
    const card = await received(inject({ type: 'contact', displayName: 'Ann', vcard }));
    expect(card.message?.contactMessage).toMatchObject({ displayName: 'Ann', vcard });
    const cards = await received(
      inject({
        type: 'contacts',
        displayName: '2 contacts',
        contacts: [
          { displayName: 'Ann', vcard },
          { displayName: 'Bo', vcard: 'BEGIN:VCARD\nFN:Bo\nEND:VCARD' },
        ],
      }),
    );
    expect(cards.message?.contactsArrayMessage?.contacts?.map((c) => c.displayName)).toEqual(['Ann', 'Bo']);
  });

  it('polls: single choice as v3, multiple as v1, with the logged messageSecret', async () => {
    const single = inject({ type: 'poll', question: 'Tea?', options: ['Yes', 'No'], selectableCount: 1 });
    const msg = await received(single);
    expect(msg.message?.pollCreationMessageV3).toMatchObject({
      name: 'Tea?',
      options: [{ optionName: 'Yes' }, { optionName: 'No' }],
      selectableOptionsCount: 1,
    });
    const logged = sim.messages().find((m) => m.id === single)?.content;
    expect(logged).toMatchObject({ type: 'poll', question: 'Tea?' });
    const secret = Buffer.from(msg.message?.messageContextInfo?.messageSecret as Uint8Array);
    expect(logged?.type === 'poll' && logged.messageSecret).toBe(secret.toString('base64'));
    const multi = await received(inject({ type: 'poll', question: 'Which?', options: ['a', 'b', 'c'] }));
    expect(multi.message?.pollCreationMessage?.options).toHaveLength(3);
  });

  it('reactions to either side of the chat, and their removal, come as messages.reaction', async () => {
    const mine = await send({ text: 'like this' });
    const theirs = inject({ type: 'text', text: 'and this' });
    await received(theirs);

    const onMine = inject({ type: 'reaction', targetId: mine.key.id as string, emoji: '❤️' });
    expect((await received(onMine)).message?.reactionMessage?.text).toBe('❤️');
    const reaction = await me.rec.waitFor<Reaction[]>('messages.reaction', (rs) =>
      rs.some((r) => r.reaction.key.id === onMine),
    );
    expect(reaction[0]?.key).toMatchObject({ id: mine.key.id, fromMe: true, remoteJid: contactJid });
    expect(reaction[0]?.reaction.text).toBe('❤️');

    const onTheirs = inject({ type: 'reaction', targetId: theirs, emoji: '😂' });
    const other = await me.rec.waitFor<Reaction[]>('messages.reaction', (rs) =>
      rs.some((r) => r.reaction.key.id === onTheirs),
    );
    expect(other[0]?.key).toMatchObject({ id: theirs, fromMe: false, remoteJid: contactJid });

    const removed = inject({ type: 'reaction', targetId: mine.key.id as string, emoji: '' });
    const removal = await me.rec.waitFor<Reaction[]>('messages.reaction', (rs) =>
      rs.some((r) => r.reaction.key.id === removed),
    );
    expect(removal[0]?.reaction.text).toBe('');
    expect(sim.messages().find((m) => m.id === removed)?.content).toEqual({
      type: 'reaction',
      targetId: mine.key.id,
      emoji: '',
    });
  });

  it('an edit and a revoke of earlier inbound messages come as messages.update', async () => {
    const original = inject({ type: 'text', text: 'teh typo' });
    await received(original);
    const edit = inject({ type: 'edit', targetId: original, text: 'the typo' });
    const editMsg = await received(edit);
    expect(editMsg.message?.editedMessage?.message?.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      key: { id: original },
      editedMessage: { conversation: 'the typo' },
    });
    const edited = await me.rec.waitFor<Update[]>('messages.update', (us) =>
      us.some((u) => u.key.id === original && !!u.update.message?.editedMessage),
    );
    expect(edited.find((u) => u.key.id === original)?.update.message?.editedMessage?.message).toMatchObject({
      conversation: 'the typo',
    });

    const revoke = inject({ type: 'revoke', targetId: original });
    await received(revoke);
    const revoked = await me.rec.waitFor<Update[]>('messages.update', (us) =>
      us.some(
        (u) => u.key.id === original && u.update.messageStubType === proto.WebMessageInfo.StubType.REVOKE,
      ),
    );
    expect(revoked.find((u) => u.key.id === original)?.update.message).toBeNull();
    expect(sim.messages().find((m) => m.id === revoke)?.content).toEqual({
      type: 'revoke',
      targetId: original,
    });
  });

  it("a vote on the account's poll decrypts with Baileys' decryptPollVote and aggregates", async () => {
    const poll = await send({
      poll: { name: 'Lunch?', values: ['Pizza', 'Sushi', 'Salad'], selectableCount: 2 },
    });
    const pollId = poll.key.id as string;
    expect(sim.messages().find((m) => m.id === pollId)?.content?.type).toBe('poll');

    const voteId = inject({ type: 'poll_vote', pollId, selectedOptions: ['Sushi', 'Salad'] });
    const voteMsg = await received(voteId);
    const update = voteMsg.message?.pollUpdateMessage as proto.Message.IPollUpdateMessage;
    expect(update.pollCreationMessageKey).toMatchObject({ id: pollId, fromMe: true });
    // WhatsApp encrypts for the creator's LID and the voter's phone-number JID (the default).
    const vote = decryptPollVote(update.vote as proto.Message.IPollEncValue, {
      pollCreatorJid: String(me.auth.creds.me?.lid).replace(/:\d+@/, '@'),
      pollMsgId: pollId,
      pollEncKey: poll.message?.messageContextInfo?.messageSecret as Uint8Array,
      voterJid: contactJid,
    });
    const votes = getAggregateVotesInPollMessage(
      { message: poll.message, pollUpdates: [{ pollUpdateMessageKey: voteMsg.key, vote }] },
      myJid,
    );
    expect(votes).toEqual([
      { name: 'Pizza', voters: [] },
      { name: 'Sushi', voters: [`${contact.lid}@lid`] },
      { name: 'Salad', voters: [`${contact.lid}@lid`] },
    ]);
    expect(sim.messages().find((m) => m.id === voteId)?.content).toEqual({
      type: 'poll_vote',
      pollId,
      selectedOptions: ['Sushi', 'Salad'],
    });

    // The addressing can be chosen; an empty selection takes the vote back.
    const pnVote = inject({ type: 'poll_vote', pollId, selectedOptions: [], addressing: { creator: 'pn' } });
    const pnUpdate = (await received(pnVote)).message?.pollUpdateMessage as proto.Message.IPollUpdateMessage;
    const retracted = decryptPollVote(pnUpdate.vote as proto.Message.IPollEncValue, {
      pollCreatorJid: myJid,
      pollMsgId: pollId,
      pollEncKey: poll.message?.messageContextInfo?.messageSecret as Uint8Array,
      voterJid: contactJid,
    });
    expect(retracted.selectedOptions).toEqual([]);
  });

  it('refuses targets that are not in the chat, other senders’ edits and unknown options', async () => {
    const mine = await send({ text: 'not yours to edit' });
    const myId = mine.key.id as string;
    expect(() => inject({ type: 'reaction', targetId: 'NOPE', emoji: '👍' })).toThrow(
      /no message NOPE between/,
    );
    expect(() => inject({ type: 'edit', targetId: myId, text: 'x' })).toThrow(
      /no message .* sent by 15559970001/,
    );
    expect(() => inject({ type: 'revoke', targetId: myId })).toThrow(/sent by 15559970001/);
    expect(() => inject({ type: 'poll_vote', pollId: myId, selectedOptions: [] })).toThrow(/no poll with id/);
    const pollId = inject({ type: 'poll', question: 'One?', options: ['a', 'b'], selectableCount: 1 });
    expect(() => inject({ type: 'poll_vote', pollId, selectedOptions: ['z'] })).toThrow(
      /not options of poll/,
    );
    expect(() => inject({ type: 'poll_vote', pollId, selectedOptions: ['a', 'b'] })).toThrow(
      /allows 1 option/,
    );
    expect(() => sim.injectInbound({ to: phone, from: contact.phone })).toThrow(
      /text or content is required/,
    );
    expect(() =>
      sim.injectInbound({ to: phone, from: contact.phone, text: 'x', content: { type: 'text', text: 'y' } }),
    ).toThrow(/not both/);
  });
});
