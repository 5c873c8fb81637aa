import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import type { Engine, EngineContext, OutboundMessage } from '../engines/engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { eventually } from '../testing/test-server.js';

/** An engine that connects at once and hands its context to the test. */
function captureEngine(name = 'capture', messageTypes: readonly 'text'[] = ['text']) {
  const contexts: EngineContext[] = [];
  const sent: OutboundMessage[] = [];
  const engine: Engine = {
    name,
    capabilities: { qr: false, pairingCode: false, simulatedScan: false, messageTypes },
    createSession: (ctx) => {
      contexts.push(ctx);
      return {
        start: async () => {
          ctx.emit({ type: 'status', status: 'connected', phone: '+15550009999' });
        },
        stop: async () => {
          ctx.emit({ type: 'status', status: 'stopped' });
        },
        logout: async () => {
          ctx.emit({ type: 'status', status: 'logged_out' });
        },
        send: async (message) => {
          sent.push(message);
        },
      };
    },
  };
  return { engine, contexts, sent };
}

describe.each(testDialects())('what the runtime gives an engine, on %s', (dialect) => {
  const capture = captureEngine();
  let db: TestDatabase;
  let server: WagwServer;
  let key: string;
  const s = {
    request: async (method: 'GET' | 'POST', url: string, options: { body?: object } = {}) => {
      const res = await server.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(options.body && { payload: options.body }),
      });
      return { status: res.statusCode, body: res.json() };
    },
  };
  beforeAll(async () => {
    db = testDatabase(dialect);
    server = await createServer({
      ...db.config,
      engines: [capture.engine, captureEngine('silent', []).engine],
      logger: pino({ level: 'silent' }),
    });
    key = (await server.gateway.tenants.initAdmin()).apiKey!;
  });
  afterAll(async () => {
    await server.app.close();
    await db.cleanup();
  });

  it('lookupMessage answers from the message table (for retry receipts); contact events are stored', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: { engine: 'capture' } });
    const id = created.body.id;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${id}`)).body.status === 'connected' ? 1 : undefined,
    );
    const accepted = await s.request('POST', `/v1/sessions/${id}/messages`, {
      body: { type: 'text', to: '+14155550000', text: 'remember me' },
    });
    await eventually(async () => (capture.sent.length === 1 ? 1 : undefined));
    const ctx = capture.contexts.at(-1)!;
    expect(await ctx.lookupMessage(accepted.body.wa_message_id)).toEqual({
      to: '+14155550000',
      toLid: null,
      body: { type: 'text', text: 'remember me' },
    });
    expect(await ctx.lookupMessage('NOPE')).toBeUndefined();

    ctx.emit({ type: 'contact', lid: '777@lid', phone: '+14155550000' });
    ctx.emit({
      type: 'message.status',
      waMessageId: accepted.body.wa_message_id,
      status: 'delivered',
      at: Date.now(),
    });
    const delivered = await eventually(async () => {
      const m = await s.request('GET', `/v1/messages/${accepted.body.id}`);
      return m.body.status === 'delivered' ? m.body : undefined;
    });
    expect(delivered).toMatchObject({ to_lid: '777@lid', sent_at: expect.any(String) });
    expect(await server.gateway.storage.contacts.phoneForLid(id, '777@lid')).toBe('+14155550000');
    expect(await ctx.lookupMessage(accepted.body.wa_message_id)).toMatchObject({ toLid: '777@lid' });

    // What the session received is never handed out for a retry.
    ctx.emit({
      type: 'message.received',
      waMessageId: 'INBOUND1',
      from: '+14155550000',
      body: { type: 'text', text: 'secret' },
      at: Date.now(),
    });
    await eventually(async () =>
      (await server.gateway.storage.messages.findByWaId(id, 'INBOUND1')) ? 1 : undefined,
    );
    expect(await ctx.lookupMessage('INBOUND1')).toBeUndefined();
  });

  it('refuses, with a coded 400 and nothing stored, a message type the engine does not declare', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: { engine: 'silent' } });
    const res = await s.request('POST', `/v1/sessions/${created.body.id}/messages`, {
      body: { type: 'text', to: '+14155550000', text: 'hello' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MESSAGE_TYPE', param: 'type' });
    const listed = await s.request('GET', `/v1/sessions/${created.body.id}/messages`);
    expect(listed.body.data).toEqual([]);
  });
});
