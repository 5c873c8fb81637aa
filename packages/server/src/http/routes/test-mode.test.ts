import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** Records the `type` and `session_id` of each webhook POSTed to it. */
async function receiver() {
  const received: { type: string; session_id: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(testDialects())('test mode on %s', (dialect) => {
  let s: TestServer;
  let live: string;
  let test: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    live = (await s.tenant('acme')).key;
    const created = await s.request('POST', '/v1/api-keys', { key: live, body: { name: 't', mode: 'test' } });
    test = created.body.key;
    expect(test).toMatch(/^wagw_test_/);
  });
  afterAll(() => s.close());

  it('a test key creates only sandbox sessions (TEST_MODE_SANDBOX_ONLY) and cannot create live keys', async () => {
    const refused = await s.request('POST', '/v1/sessions', {
      key: test,
      body: { engine: 'baileys', start: false },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('TEST_MODE_SANDBOX_ONLY');
    const liveKey = await s.request('POST', '/v1/api-keys', { key: test, body: { name: 'x', mode: 'live' } });
    expect(liveKey.status).toBe(403);
    const testKey = await s.request('POST', '/v1/api-keys', { key: test, body: { name: 'y' } });
    expect(testKey.body.mode).toBe('test');
  });

  it('test and live data are apart: lists, gets, messages, events and webhooks', async () => {
    const liveHook = await receiver();
    const testHook = await receiver();
    try {
      await s.request('POST', '/v1/webhooks', { key: live, body: { url: liveHook.url } });
      const th = await s.request('POST', '/v1/webhooks', { key: test, body: { url: testHook.url } });
      expect(th.body.mode).toBe('test');

      const liveSession = (await s.request('POST', '/v1/sessions', { key: live, body: { auto_pair: true } }))
        .body;
      const testSession = (await s.request('POST', '/v1/sessions', { key: test, body: { auto_pair: true } }))
        .body;
      expect([liveSession.mode, testSession.mode]).toEqual(['live', 'test']);

      const ids = async (key: string, url: string) =>
        (await s.request('GET', url, { key })).body.data.map((o: { id: string }) => o.id);
      expect(await ids(live, '/v1/sessions')).toEqual([liveSession.id]);
      expect(await ids(test, '/v1/sessions')).toEqual([testSession.id]);
      expect(await ids(test, '/v1/webhooks')).toEqual([th.body.id]);
      expect((await ids(live, '/v1/webhooks')).includes(th.body.id)).toBe(false);

      for (const [key, id] of [
        [test, liveSession.id],
        [live, testSession.id],
      ]) {
        const got = await s.request('GET', `/v1/sessions/${id}`, { key });
        expect(got.body.error.code).toBe('SESSION_NOT_FOUND');
        const sent = await s.request('POST', `/v1/sessions/${id}/messages`, {
          key,
          body: { type: 'text', to: '+14155550000', text: 'x' },
        });
        expect(sent.body.error.code).toBe('SESSION_NOT_FOUND');
      }
      expect((await s.request('GET', `/v1/webhooks/${th.body.id}`, { key: live })).status).toBe(404);

      const send = (key: string, sessionId: string) =>
        s.request('POST', `/v1/sessions/${sessionId}/messages`, {
          key,
          body: { type: 'text', to: '+14155550000', text: 'hi' },
        });
      const testMsg = await eventually(async () => {
        const res = await send(test, testSession.id);
        return res.status === 201 || res.status === 202 ? res.body : undefined;
      });
      const liveMsg = await eventually(async () => {
        const res = await send(live, liveSession.id);
        return res.status === 201 || res.status === 202 ? res.body : undefined;
      });
      expect((await s.request('GET', `/v1/messages/${testMsg.id}`, { key: live })).status).toBe(404);
      expect((await s.request('GET', `/v1/messages/${liveMsg.id}`, { key: test })).status).toBe(404);
      expect((await s.request('GET', `/v1/messages/${testMsg.id}`, { key: test })).status).toBe(200);

      const sessionsOf = async (key: string) =>
        new Set(
          (await s.request('GET', '/v1/events?limit=100', { key })).body.data.map(
            (e: { session_id: string }) => e.session_id,
          ),
        );
      await eventually(async () => ((await sessionsOf(test)).size > 0 ? true : undefined));
      expect([...(await sessionsOf(test))]).toEqual([testSession.id]);
      expect([...(await sessionsOf(live))]).toEqual([liveSession.id]);

      await eventually(async () =>
        testHook.received.length > 0 && liveHook.received.length > 0 ? true : undefined,
      );
      expect(new Set(testHook.received.map((e) => e.session_id))).toEqual(new Set([testSession.id]));
      expect(new Set(liveHook.received.map((e) => e.session_id))).toEqual(new Set([liveSession.id]));
    } finally {
      await liveHook.close();
      await testHook.close();
    }
  });
});
