import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/**
 * What the Baileys engine receives, with the real Baileys client against wa-sim: each type a
 * contact sends becomes one `message.received` with the right body, its references by WhatsApp id
 * (whether they are this account's messages included). Media: baileys-media.test.ts; edits,
 * revokes and votes: baileys-protocol.test.ts.
 */

const LONG = 30_000;

describe('baileys engine receives every type it maps, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550600101';
  const contact = '15550600102';

  beforeAll(async () => {
    h = await startSimHarness(account, contact);
  }, LONG * 2);

  afterAll(async () => {
    await h?.close();
  });

  it(
    'receives a reply to its own message, a mention, a location, contact cards and polls, with the sender',
    async () => {
      const ours = await h.send({ type: 'text', text: 'our text' });
      await h.reaches(ours, 'sent');
      const reply = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'text', text: 're: ours', quotedId: ours, mentions: [`${account}@s.whatsapp.net`] },
      });
      const event = await h.received(reply.id);
      expect(event).toMatchObject({ from: `+${contact}`, fromLid: expect.stringMatching(/^\d+@lid$/) });
      expect(event.body).toEqual({
        type: 'text',
        text: 're: ours',
        mentions: [`+${account}`],
        replyTo: { messageId: null, waMessageId: ours, fromMe: true, text: 'our text' },
      });

      expect(
        await h.inject({
          type: 'location',
          latitude: -33.86,
          longitude: 151.21,
          name: 'Sydney',
          quotedId: reply.id,
        }),
      ).toEqual({
        type: 'location',
        latitude: -33.86,
        longitude: 151.21,
        name: 'Sydney',
        address: null,
        // Quoting the contact's own message: not ours.
        replyTo: { messageId: null, waMessageId: reply.id, fromMe: false, text: 're: ours' },
      });
      const vcard =
        'BEGIN:VCARD\nVERSION:3.0\nFN:Cy\nTEL;type=CELL;waid=15550600010:+1 555 060 0010\nEND:VCARD';
      expect(await h.inject({ type: 'contact', displayName: 'Cy', vcard })).toEqual({
        type: 'contact',
        contacts: [{ name: 'Cy', phone: '+15550600010', vcard }],
      });
      const noPhone = 'BEGIN:VCARD\nVERSION:3.0\nFN:Di\nEND:VCARD';
      expect(
        await h.inject({
          type: 'contacts',
          displayName: '2 contacts',
          contacts: [
            { displayName: 'Cy', vcard },
            { displayName: 'Di', vcard: noPhone },
          ],
        }),
      ).toEqual({
        type: 'contact',
        contacts: [
          { name: 'Cy', phone: '+15550600010', vcard },
          { name: 'Di', phone: null, vcard: noPhone },
        ],
      });
      expect(
        await h.inject({ type: 'poll', question: 'When?', options: ['Now', 'Later'], selectableCount: 1 }),
      ).toEqual({ type: 'poll', question: 'When?', options: ['Now', 'Later'], selectableCount: 1 });
      // WhatsApp's "any number" (0) is every option.
      expect(await h.inject({ type: 'poll', question: 'Which?', options: ['A', 'B', 'C'] })).toEqual({
        type: 'poll',
        question: 'Which?',
        options: ['A', 'B', 'C'],
        selectableCount: 3,
      });
    },
    LONG,
  );

  it(
    'receives reactions (to its own message and to theirs) and their removal, each exactly once',
    async () => {
      const ours = await h.send({ type: 'text', text: 'like me' });
      await h.reaches(ours, 'sent');
      const theirs = h.sim.injectInbound({ to: account, from: contact, text: 'mine' });
      await h.received(theirs.id);
      const target = (waMessageId: string, fromMe: boolean) => ({
        messageId: null,
        waMessageId,
        fromMe,
        text: null,
      });

      const like = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'reaction', targetId: ours, emoji: '🎉' },
      });
      const own = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'reaction', targetId: theirs.id, emoji: '👀' },
      });
      const removal = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'reaction', targetId: ours, emoji: '' },
      });
      expect((await h.received(like.id)).body).toEqual({
        type: 'reaction',
        target: target(ours, true),
        emoji: '🎉',
      });
      expect((await h.received(own.id)).body).toEqual({
        type: 'reaction',
        target: target(theirs.id, false),
        emoji: '👀',
      });
      expect((await h.received(removal.id)).body).toEqual({
        type: 'reaction',
        target: target(ours, true),
        emoji: '',
      });
      expect((await h.received(like.id)).from).toBe(`+${contact}`);
      await h.settle();
      // Baileys also emits `messages.reaction` for each: still one message.received per reaction.
      for (const { id } of [like, own, removal]) expect(h.receivedCount(id)).toBe(1);
    },
    LONG,
  );
});
