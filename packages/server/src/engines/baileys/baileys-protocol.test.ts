import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBody, MessageRef } from '../../domain/message-body.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/**
 * Edits, revokes, forwards and poll votes with the real Baileys client against wa-sim: what the
 * engine sends shows in the recipient's log as what it is; what a contact sends arrives once as an
 * edit, revoke or vote body (a vote by option names), its id the protocol message's own and its
 * target the message it is about.
 */

const LONG = 30_000;
const ref = (waMessageId: string, fromMe: boolean): MessageRef => ({
  messageId: null,
  waMessageId,
  fromMe,
  text: null,
});

describe('baileys engine edits, revokes, forwards and votes, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550600401';
  const contact = '15550600402';

  beforeAll(async () => {
    h = await startSimHarness(account, contact);
  }, LONG * 2);

  afterAll(async () => {
    await h?.close();
  });

  it(
    'sends an edit of a text and of a caption, a revoke, and forwards: each logged as what it is, delivered',
    async () => {
      const typo = await h.send({ type: 'text', text: 'see you at noom' });
      h.files.outbound.set('med_cap', {
        contentType: 'image/png',
        fileName: null,
        data: Buffer.from('png!'),
      });
      const photo = await h.send({
        type: 'image',
        media: { id: 'med_cap', contentType: 'image/png', size: 4, fileName: null },
        caption: 'old caption',
      });
      for (const id of [typo, photo]) await h.reaches(id, 'sent');

      const edit = await h.send({ type: 'edit', target: ref(typo, true), text: 'see you at noon' });
      const caption = await h.send({ type: 'edit', target: ref(photo, true), text: 'new caption' });
      const revoke = await h.send({ type: 'revoke', target: ref(photo, true) });
      const fwdText = await h.send({ type: 'text', text: 'passed on', forwarded: true });
      const fwdPlace = await h.send({ type: 'location', latitude: 1.5, longitude: 2.5, forwarded: true });

      expect(await h.logged(edit)).toEqual({ type: 'edit', targetId: typo, text: 'see you at noon' });
      // A caption is edited the same way: the new text replaces it.
      expect(await h.logged(caption)).toEqual({ type: 'edit', targetId: photo, text: 'new caption' });
      expect(await h.logged(revoke)).toEqual({ type: 'revoke', targetId: photo });
      expect(await h.logged(fwdText)).toEqual({ type: 'text', text: 'passed on', forwarded: true });
      expect(await h.logged(fwdPlace)).toMatchObject({ type: 'location', forwarded: true });
      expect(await h.logged(typo)).not.toHaveProperty('forwarded');
      for (const id of [edit, caption, revoke]) {
        await h.reaches(id, 'delivered');
        expect(h.statuses(id)).toContain('sent');
      }
      await h.reaches(fwdText, 'read');
    },
    LONG,
  );

  it(
    "refuses to edit or revoke the contact's message, and a forwarded poll, before anything is sent",
    async () => {
      const theirs = h.sim.injectInbound({ to: account, from: contact, text: 'mine' });
      await h.received(theirs.id);
      const before = h.sim.messages().length;
      const bodies: MessageBody[] = [
        { type: 'edit', target: ref(theirs.id, false), text: 'no' },
        { type: 'revoke', target: ref(theirs.id, false) },
        { type: 'poll', question: 'Q?', options: ['a', 'b'], selectableCount: 1, forwarded: true },
      ];
      for (const body of bodies) {
        await expect(h.send(body)).rejects.toMatchObject({ code: 'INVALID_MESSAGE', retryable: false });
      }
      expect(h.sim.messages()).toHaveLength(before);
    },
    LONG,
  );

  it(
    "receives a contact's edit, revoke and forward, each once, with the protocol message's own id",
    async () => {
      const typo = h.sim.injectInbound({ to: account, from: contact, text: 'see you at noom' });
      await h.received(typo.id);
      const edit = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'edit', targetId: typo.id, text: 'see you at noon' },
      });
      const revoke = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'revoke', targetId: typo.id },
      });
      const forward = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'text', text: 'fwd', forwarded: true },
      });
      const got = await h.received(edit.id);
      expect(got).toMatchObject({ from: `+${contact}`, waMessageId: edit.id });
      expect(got.body).toEqual({ type: 'edit', target: ref(typo.id, false), text: 'see you at noon' });
      expect((await h.received(revoke.id)).body).toEqual({ type: 'revoke', target: ref(typo.id, false) });
      expect((await h.received(forward.id)).body).toEqual({ type: 'text', text: 'fwd', forwarded: true });
      await h.settle();
      // Baileys also emits `messages.update` for edits and revokes: still one event each.
      for (const { id } of [typo, edit, revoke, forward]) expect(h.receivedCount(id)).toBe(1);
    },
    LONG,
  );

  it(
    'receives votes on its own polls (single and multiple choice, any JID addressing) and their withdrawal, by option name',
    async () => {
      const single = await h.send({
        type: 'poll',
        question: 'Tea?',
        options: ['Yes', 'No'],
        selectableCount: 1,
      });
      const multi = await h.send({
        type: 'poll',
        question: 'Toppings?',
        options: ['Ham', 'Olives', 'Basil'],
        selectableCount: 3,
      });
      for (const id of [single, multi]) await h.reaches(id, 'sent');
      const vote = (pollId: string, selectedOptions: string[], addressing?: object) =>
        h.sim.injectInbound({
          to: account,
          from: contact,
          content: { type: 'poll_vote', pollId, selectedOptions, ...(addressing && { addressing }) },
        });
      const yes = vote(single, ['Yes']);
      const two = vote(multi, ['Basil', 'Ham'], { creator: 'pn', voter: 'lid' });
      const lidLid = vote(multi, ['Olives'], { creator: 'lid', voter: 'lid' });
      const none = vote(single, []);
      expect(await h.received(yes.id)).toMatchObject({
        waMessageId: yes.id,
        from: `+${contact}`,
        body: { type: 'poll_vote', target: ref(single, true), options: ['Yes'] },
      });
      // In the poll's order of options.
      expect((await h.received(two.id)).body).toEqual({
        type: 'poll_vote',
        target: ref(multi, true),
        options: ['Ham', 'Basil'],
      });
      expect((await h.received(lidLid.id)).body).toMatchObject({ options: ['Olives'] });
      expect((await h.received(none.id)).body).toEqual({
        type: 'poll_vote',
        target: ref(single, true),
        options: [],
      });
      await h.settle();
      for (const { id } of [yes, two, lidLid, none]) expect(h.receivedCount(id)).toBe(1);
    },
    LONG,
  );

  it(
    "receives a vote on the contact's own poll (its secret kept when the poll arrived)",
    async () => {
      const poll = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'poll', question: 'Where?', options: ['Here', 'There'], selectableCount: 1 },
      });
      await h.received(poll.id);
      const vote = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'poll_vote', pollId: poll.id, selectedOptions: ['There'] },
      });
      expect((await h.received(vote.id)).body).toEqual({
        type: 'poll_vote',
        target: ref(poll.id, false),
        options: ['There'],
      });
    },
    LONG,
  );

  it(
    'a vote on its own poll still opens after a restart: the secret is derived again, never stored',
    async () => {
      const poll = await h.send({
        type: 'poll',
        question: 'Later?',
        options: ['Now', 'Soon'],
        selectableCount: 1,
      });
      await h.reaches(poll, 'sent');
      await h.restart();
      const vote = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'poll_vote', pollId: poll, selectedOptions: ['Soon'] },
      });
      expect((await h.received(vote.id)).body).toEqual({
        type: 'poll_vote',
        target: ref(poll, true),
        options: ['Soon'],
      });
      // A vote on a poll the engine does not know is not reported (and logged).
      const stranger = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'poll', question: 'Unknown?', options: ['A', 'B'] },
      });
      await h.received(stranger.id);
      await h.state.set({ 'inbound-poll': { [stranger.id]: null } });
      const lost = h.sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'poll_vote', pollId: stranger.id, selectedOptions: ['A'] },
      });
      await h.settle();
      expect(h.receivedCount(lost.id)).toBe(0);
      expect(h.warnings.some((w) => 'pollId' in w.obj && w.obj.pollId === stranger.id)).toBe(true);
    },
    LONG * 2,
  );
});
