import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineSession } from '../../engines/engine.js';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

const ECHO = '+14155550004';

describe.each(testDialects())('presence and read receipts on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const engineSession = () => {
    const runtime = s.gateway.manager.runtimeOf(session);
    if (!runtime) throw new Error('not running here');
    // The sandbox's session has both optional methods.
    return runtime.engineSession as Pick<Required<EngineSession>, 'sendPresence' | 'markRead'>;
  };

  it('shows typing and recording through the engine, and clears it', async () => {
    const spy = vi.spyOn(engineSession(), 'sendPresence');
    for (const state of ['typing', 'recording', 'paused']) {
      const res = await s.request(
        'POST',
        `/v1/sessions/${session}/chats/${encodeURIComponent('+1 415 555 0004')}/presence`,
        {
          body: { state },
        },
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ chat_id: ECHO, state });
    }
    expect(spy.mock.calls).toEqual([
      [ECHO, 'typing'],
      [ECHO, 'recording'],
      [ECHO, 'paused'],
    ]);
    const bad = await s.request('POST', `/v1/sessions/${session}/chats/${ECHO}/presence`, {
      body: { state: 'dancing' },
    });
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'state' });
    const badChat = await s.request('POST', `/v1/sessions/${session}/chats/nobody/presence`, {
      body: { state: 'typing' },
    });
    expect(badChat.body.error).toMatchObject({ code: 'INVALID_PHONE_NUMBER', param: 'chat_id' });
  });

  it('marking a chat read sends read receipts for what was unread, once', async () => {
    const spy = vi.spyOn(engineSession(), 'markRead');
    for (const text of ['one', 'two']) {
      await s.request('POST', `/v1/sessions/${session}/messages`, { body: { type: 'text', to: ECHO, text } });
    }
    const inbound = await eventually(async () => {
      const list = await s.request(
        'GET',
        `/v1/sessions/${session}/messages?direction=inbound&chat=${encodeURIComponent(ECHO)}`,
      );
      return list.body.data.length >= 2 ? list.body.data : undefined;
    });
    const read = await s.request('POST', `/v1/sessions/${session}/chats/${ECHO}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unread_count).toBe(0);
    expect(spy).toHaveBeenCalledTimes(1);
    const [from, ids] = spy.mock.calls[0] ?? [];
    expect(from).toBe(ECHO);
    expect([...(ids ?? [])].sort()).toEqual(
      inbound.map((m: { wa_message_id: string }) => m.wa_message_id).sort(),
    );
    // Nothing unread: no receipts again.
    await s.request('POST', `/v1/sessions/${session}/chats/${ECHO}/read`);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('refuses presence with SESSION_NOT_CONNECTED when the session is stopped', async () => {
    const stopped = await s.request('POST', `/v1/sessions/${session}/stop`);
    expect(stopped.status).toBeLessThan(300);
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'stopped' ? true : undefined,
    );
    const res = await s.request('POST', `/v1/sessions/${session}/chats/${ECHO}/presence`, {
      body: { state: 'typing' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SESSION_NOT_CONNECTED');
    // Marking read still moves the marker without a connection.
    expect((await s.request('POST', `/v1/sessions/${session}/chats/${ECHO}/read`)).status).toBe(200);
  });
});
