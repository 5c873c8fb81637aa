import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBody } from '../../domain/message-body.js';
import { baileysEngine } from './baileys-engine.js';
import { pollSecret } from './outbound-content.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/**
 * What the Baileys engine sends, with the real Baileys client against wa-sim: each type as the
 * recipient's phone decodes it, the receipts that follow as `message.status`, and retry receipts
 * answered from the message table after a restart. Inbound: baileys-inbound-types.test.ts; media:
 * baileys-media.test.ts; edits, revokes, forwards and votes: baileys-protocol.test.ts.
 */

const LONG = 30_000;

describe('baileys engine sends every type it declares, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550600001';
  const contact = '15550600002';

  beforeAll(async () => {
    h = await startSimHarness(account, contact);
  }, LONG * 2);

  afterAll(async () => {
    await h?.close();
  });

  it('declares the types it sends', () => {
    expect(baileysEngine().capabilities.messageTypes).toEqual([
      'text',
      'image',
      'video',
      'audio',
      'document',
      'sticker',
      'location',
      'contact',
      'poll',
      'reaction',
      'edit',
      'revoke',
    ]);
    expect(h.events.filter((e) => e.type === 'status').at(-1)).toMatchObject({
      status: 'connected',
      phone: `+${account}`,
    });
  });

  it(
    'sends a text with a mention, a reply, a location, contact cards and polls: decoded as sent, then sent, delivered, read',
    async () => {
      const question = h.sim.injectInbound({ to: account, from: contact, text: 'question?' });
      await h.received(question.id);
      const ann = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL;type=CELL;waid=15550600007:+15550600007\nEND:VCARD';
      const bo = 'BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nTEL;type=CELL;waid=15550600008:+15550600008\nEND:VCARD';
      const cases: Array<[MessageBody, object]> = [
        [
          { type: 'text', text: 'hi @15550600009', mentions: ['+15550600009'] },
          { type: 'text', text: 'hi @15550600009', mentions: ['15550600009@s.whatsapp.net'] },
        ],
        [
          {
            type: 'text',
            text: 'an answer',
            replyTo: { messageId: 'msg_q', waMessageId: question.id, fromMe: false, text: 'question?' },
          },
          { type: 'text', text: 'an answer', quotedId: question.id },
        ],
        [
          { type: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin', address: 'Mitte' },
          { type: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin', address: 'Mitte' },
        ],
        [
          { type: 'contact', contacts: [{ name: 'Ann', phone: '+15550600007', vcard: ann }] },
          { type: 'contact', displayName: 'Ann', vcard: ann },
        ],
        [
          {
            type: 'contact',
            contacts: [
              { name: 'Ann', phone: '+15550600007', vcard: ann },
              { name: 'Bo', phone: '+15550600008', vcard: bo },
            ],
          },
          {
            type: 'contacts',
            displayName: '2 contacts',
            contacts: [
              { displayName: 'Ann', vcard: ann },
              { displayName: 'Bo', vcard: bo },
            ],
          },
        ],
        [
          { type: 'poll', question: 'Lunch?', options: ['Pizza', 'Sushi'], selectableCount: 1 },
          { type: 'poll', question: 'Lunch?', options: ['Pizza', 'Sushi'], selectableCount: 1 },
        ],
        [
          { type: 'poll', question: 'Toppings?', options: ['Ham', 'Olives', 'Basil'], selectableCount: 2 },
          { type: 'poll', question: 'Toppings?', options: ['Ham', 'Olives', 'Basil'], selectableCount: 2 },
        ],
      ];
      const ids: string[] = [];
      for (const [body] of cases) ids.push(await h.send(body));
      for (const [i, [body, content]] of cases.entries()) {
        const id = ids[i]!;
        expect(await h.logged(id)).toMatchObject(content);
        await h.reaches(id, 'read');
        expect(h.statuses(id)).toEqual(expect.arrayContaining(['sent', 'delivered', 'read']));
        // A poll carries the secret derived for it, so a re-send keeps its votes readable.
        if (body.type === 'poll') {
          expect(await h.logged(id)).toMatchObject({
            messageSecret: pollSecret(await h.noiseKey(), id).toString('base64'),
          });
        }
      }
      // The contact card's text is exactly the vCard sent.
      expect(await h.logged(ids[3]!)).toEqual({ type: 'contact', displayName: 'Ann', vcard: ann });
    },
    LONG * 2,
  );

  it(
    "sends reactions to its own message and to the contact's, and removes one: sent and delivered, never read",
    async () => {
      const mine = await h.send({ type: 'text', text: 'react to this' });
      await h.reaches(mine, 'sent'); // the simulator has it once the server acked it
      const theirs = h.sim.injectInbound({ to: account, from: contact, text: 'and to this' });
      await h.received(theirs.id);
      const ref = (waMessageId: string, fromMe: boolean) => ({
        messageId: null,
        waMessageId,
        fromMe,
        text: null,
      });
      const like = await h.send({ type: 'reaction', target: ref(mine, true), emoji: '👍' });
      const love = await h.send({ type: 'reaction', target: ref(theirs.id, false), emoji: '❤️' });
      const removal = await h.send({ type: 'reaction', target: ref(mine, true), emoji: '' });
      expect(await h.logged(like)).toEqual({ type: 'reaction', targetId: mine, emoji: '👍' });
      expect(await h.logged(love)).toEqual({ type: 'reaction', targetId: theirs.id, emoji: '❤️' });
      expect(await h.logged(removal)).toEqual({ type: 'reaction', targetId: mine, emoji: '' });
      for (const id of [like, love, removal]) {
        await h.reaches(id, 'delivered');
        expect(h.statuses(id)).toContain('sent');
      }
      await h.reaches(mine, 'read');
      expect(h.statuses(like)).not.toContain('read');
    },
    LONG,
  );

  it(
    'after a restart, retry receipts for a poll, a reply and a reaction are answered from the message table',
    async () => {
      const later = '15550600003';
      h.sim.addContact({ phone: later, behaviour: 'never-deliver' });
      const question = h.sim.injectInbound({ to: account, from: later, text: 'well?' });
      await h.received(question.id);
      const poll = await h.send(
        { type: 'poll', question: 'Again?', options: ['Yes', 'No'], selectableCount: 1 },
        later,
      );
      const reply = await h.send(
        {
          type: 'text',
          text: 'here it is',
          replyTo: { messageId: 'msg_w', waMessageId: question.id, fromMe: false, text: 'well?' },
        },
        later,
      );
      const react = await h.send(
        {
          type: 'reaction',
          target: { messageId: 'msg_w', waMessageId: question.id, fromMe: false, text: null },
          emoji: '✅',
        },
        later,
      );
      for (const id of [poll, reply, react]) await h.reaches(id, 'sent');
      const secret = (await h.logged(poll)) as { messageSecret?: string };

      // A new session on the same credentials: Baileys' cache of recent sends is gone.
      await h.restart();
      h.sim.addContact({ phone: later, behaviour: 'auto-read', receiptDelayMs: 20 });
      for (const id of [poll, reply, react]) h.sim.requestRetry(id);
      await h.reaches(poll, 'read');
      await h.reaches(reply, 'read');
      await h.reaches(react, 'delivered');
      expect(h.lookups).toEqual(expect.arrayContaining([poll, reply, react]));
      const relayed = (id: string) => h.sim.messages().find((m) => m.id === id);
      for (const id of [poll, reply, react]) expect(relayed(id)?.resends).toHaveLength(1);
      expect(relayed(reply)?.resends?.[0]?.text).toBe('here it is');
      // The poll went out with the secret derived for it, which the rebuilt copy carries too.
      expect(secret.messageSecret).toBe(pollSecret(await h.noiseKey(), poll).toString('base64'));
    },
    LONG * 2,
  );
});
