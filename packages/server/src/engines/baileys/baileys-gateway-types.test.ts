import { type Simulator, startSimulator } from '@wagw/wa-sim';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../../create-server.js';
import { type TestDatabase, testDatabase } from '../../testing/dialects.js';
import { eventually } from '../../testing/test-server.js';
import { UNPACED } from '../../testing/unpaced.js';

/**
 * Message types end to end: the API, the gateway and the real Baileys engine against wa-sim. What
 * is POSTed reaches the recipient's phone as that type and is read; what a contact sends back lands
 * as a message whose references are resolved to our ids. SQLite only.
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

const LONG = 30_000;

describe('message types through the gateway on Baileys and wa-sim', () => {
  let sim: Simulator;
  let db: TestDatabase;
  let server: WagwServer;
  let key: string;
  let sessionId: string;
  const account = '15550700001';
  const contact = '15550700002';

  const request = async (method: 'GET' | 'POST', url: string, body?: object): Promise<Body> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body && { payload: body }),
    });
    return { ...res.json(), http: res.statusCode };
  };
  const send = (body: object) =>
    request('POST', `/v1/sessions/${sessionId}/messages`, { to: `+${contact}`, ...body });
  const waitMessage = (id: string, status: string) =>
    eventually(async () => {
      const m = await request('GET', `/v1/messages/${id}`);
      return m.status === status ? m : undefined;
    }, LONG);
  const inbound = (waMessageId: string) =>
    eventually(async () => {
      const list = await request('GET', `/v1/sessions/${sessionId}/messages`);
      return list.data.find((m: Body) => m.wa_message_id === waMessageId);
    }, LONG);
  const logged = (waMessageId: string) =>
    eventually(async () => sim.messages().find((m) => m.id === waMessageId)?.content, LONG);

  beforeAll(async () => {
    sim = await startSimulator();
    sim.addContact({ phone: contact, behaviour: 'auto-read', receiptDelayMs: 20 });
    db = testDatabase('sqlite');
    server = await createServer({
      ...db.config,
      waUrl: sim.url,
      baileys: { backoffBaseMs: 200, backoffMaxMs: 1000, rootPublicKey: sim.rootPublicKey.toString('hex') },
      sessions: { leaseTtlMs: 5000, renewIntervalMs: 1000, pacing: UNPACED },
      logger: pino({ level: 'silent' }),
    });
    key = (await server.gateway.tenants.initAdmin()).apiKey!;
    const created = await request('POST', '/v1/sessions', { engine: 'baileys' });
    sessionId = created.id;
    const qr = await eventually(async () => {
      const r = await request('GET', `/v1/sessions/${sessionId}/qr`);
      return r.http === 200 ? r : undefined;
    }, LONG);
    await sim.scanQr(qr.qr, { phone: account });
    await eventually(async () => {
      const s = await request('GET', `/v1/sessions/${sessionId}`);
      return s.status === 'connected' ? s : undefined;
    }, LONG);
  }, LONG * 2);

  afterAll(async () => {
    await server?.app.close().catch(() => undefined);
    await sim?.close();
    await db?.cleanup();
  }, LONG);

  it(
    'a location, a poll, a reply and a reaction POSTed through the API reach the phone as such and are read',
    async () => {
      const location = await send({
        type: 'location',
        latitude: 48.8584,
        longitude: 2.2945,
        name: 'Tour Eiffel',
        address: 'Paris',
      });
      expect(location.http).toBe(202);
      const poll = await send({
        type: 'poll',
        question: 'Lunch?',
        options: ['Crêpes', 'Soupe'],
        selectable_count: 2,
      });
      expect(poll.http).toBe(202);

      const readLocation = await waitMessage(location.id, 'read');
      expect(readLocation.location).toEqual({
        latitude: 48.8584,
        longitude: 2.2945,
        name: 'Tour Eiffel',
        address: 'Paris',
      });
      expect(await logged(readLocation.wa_message_id)).toEqual({
        type: 'location',
        latitude: 48.8584,
        longitude: 2.2945,
        name: 'Tour Eiffel',
        address: 'Paris',
      });
      const readPoll = await waitMessage(poll.id, 'read');
      expect(readPoll.poll).toEqual({
        question: 'Lunch?',
        options: ['Crêpes', 'Soupe'],
        selectable_count: 2,
      });
      expect(await logged(readPoll.wa_message_id)).toMatchObject({
        type: 'poll',
        question: 'Lunch?',
        options: ['Crêpes', 'Soupe'],
        selectableCount: 2,
      });

      const reply = await send({ type: 'text', text: 'meet me there', reply_to: location.id });
      const readReply = await waitMessage(reply.id, 'read');
      expect(readReply.reply_to).toMatchObject({ message_id: location.id, from_me: true });
      expect(await logged(readReply.wa_message_id)).toEqual({
        type: 'text',
        text: 'meet me there',
        quotedId: readLocation.wa_message_id,
      });
      const reaction = await send({ type: 'reaction', message_id: poll.id, emoji: '👍' });
      const delivered = await waitMessage(reaction.id, 'delivered');
      expect(delivered.reaction).toMatchObject({
        emoji: '👍',
        target: { message_id: poll.id, from_me: true },
      });
      expect(await logged(delivered.wa_message_id)).toEqual({
        type: 'reaction',
        targetId: readPoll.wa_message_id,
        emoji: '👍',
      });
    },
    LONG * 2,
  );

  it(
    'an inbound reaction and reply to our messages land with our ids as their targets',
    async () => {
      const ours = await send({ type: 'poll', question: 'Coffee?', options: ['Yes', 'No'] });
      const sent = await waitMessage(ours.id, 'read');
      const reaction = sim.injectInbound({
        to: account,
        from: contact,
        content: { type: 'reaction', targetId: sent.wa_message_id, emoji: '❤️' },
      });
      const reacted = await inbound(reaction.id);
      expect(reacted).toMatchObject({ direction: 'inbound', type: 'reaction', from: `+${contact}` });
      expect(reacted.reaction).toEqual({
        emoji: '❤️',
        target: { message_id: ours.id, wa_message_id: sent.wa_message_id, from_me: true, text: 'Coffee?' },
      });

      const reply = sim.injectInbound({
        to: account,
        from: contact,
        content: {
          type: 'location',
          latitude: 1.5,
          longitude: -2.5,
          name: 'Café',
          quotedId: sent.wa_message_id,
        },
      });
      const replied = await inbound(reply.id);
      expect(replied.location).toEqual({ latitude: 1.5, longitude: -2.5, name: 'Café', address: null });
      expect(replied.reply_to).toEqual({
        message_id: ours.id,
        wa_message_id: sent.wa_message_id,
        from_me: true,
        text: 'Coffee?',
      });
    },
    LONG,
  );
});
