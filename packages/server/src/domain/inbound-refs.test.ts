import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../testing/test-server.js';

/** Inbound messages that refer to others (replies, reactions) get our ids for them; reactions have an event of their own. */
describe.each(testDialects())('inbound references on %s', (dialect) => {
  let s: TestServer;
  let sessionId: string;
  let tenantId: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    sessionId = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
    tenantId = (await s.gateway.storage.sessions.getById(sessionId))!.tenantId;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${sessionId}`)).body.status === 'connected' ? 1 : undefined,
    );
  });
  afterAll(() => s.close());

  const eventsOf = async (type: string) =>
    (await s.request('GET', `/v1/events?type=${type}&session_id=${sessionId}&limit=100`)).body.data as Array<{
      data: { id: string; wa_message_id: string };
    }>;

  it('a reaction to our message names it and is a message.reaction event; one to an unknown message keeps only its WhatsApp id', async () => {
    const sent = await s.request('POST', `/v1/sessions/${sessionId}/messages`, {
      body: { type: 'text', to: '+14155550000', text: 'react to me' },
    });
    const waId = (
      await eventually(async () => {
        const m = (await s.request('GET', `/v1/messages/${sent.body.id}`)).body;
        return m.wa_message_id && m.status !== 'queued' ? m : undefined;
      })
    ).wa_message_id;
    for (const [id, target] of [
      ['R1', waId],
      ['R2', '3EB0UNKNOWN0000000000000'],
    ]) {
      await s.gateway.messages.recordInbound(tenantId, sessionId, {
        waMessageId: id!,
        from: '+14155550000',
        body: {
          type: 'reaction',
          target: { messageId: null, waMessageId: target!, fromMe: true, text: null },
          emoji: '❤️',
        },
        at: Date.now(),
      });
    }
    const reactions = await eventsOf('message.reaction');
    const byWa = (w: string) =>
      reactions.find((e) => e.data.wa_message_id === w)?.data as unknown as {
        reaction: { target: { message_id: string | null; text: string | null }; emoji: string };
      };
    expect(byWa('R1').reaction).toEqual({
      target: { message_id: sent.body.id, wa_message_id: waId, from_me: true, text: 'react to me' },
      emoji: '❤️',
    });
    expect(byWa('R2').reaction.target.message_id).toBeNull();
    expect(
      (await eventsOf('message.received')).some((e) => ['R1', 'R2'].includes(e.data.wa_message_id)),
    ).toBe(false);
  });

  it('a reply to our message names it in reply_to', async () => {
    const sent = await s.request('POST', `/v1/sessions/${sessionId}/messages`, {
      body: { type: 'poll', to: '+14155550000', question: 'Tea?', options: ['Yes', 'No'] },
    });
    const waId = (
      await eventually(async () => {
        const m = (await s.request('GET', `/v1/messages/${sent.body.id}`)).body;
        return m.status !== 'queued' ? m : undefined;
      })
    ).wa_message_id;
    await s.gateway.messages.recordInbound(tenantId, sessionId, {
      waMessageId: 'Q1',
      from: '+14155550000',
      body: {
        type: 'text',
        text: 'yes please',
        replyTo: { messageId: null, waMessageId: waId, fromMe: true, text: null },
      },
      at: Date.now(),
    });
    const received = (await eventsOf('message.received')).find((e) => e.data.wa_message_id === 'Q1');
    expect((received!.data as unknown as { reply_to: unknown }).reply_to).toEqual({
      message_id: sent.body.id,
      wa_message_id: waId,
      from_me: true,
      text: 'Tea?',
    });
  });
});
