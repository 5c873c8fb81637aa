import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { restartableServer } from '../../testing/restartable-server.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** Sandbox numbers ending 0000 read what they get. */
const READER = '+14155550000';
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

type Wire = Record<string, unknown> & { id: string; status: string };

describe.each(testDialects())('scheduled messages on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const send = (body: object, sessionId = session) =>
    s.request('POST', `/v1/sessions/${sessionId}/messages`, { body });
  const get = async (id: string): Promise<Wire> => (await s.request('GET', `/v1/messages/${id}`)).body;
  const cancel = (id: string) => s.request('POST', `/v1/messages/${id}/cancel`);

  it('is held until send_at, then sent; a later message without send_at is not held up by it', async () => {
    const sendAt = inMs(1500);
    const scheduled = await send({ type: 'text', to: READER, text: 'on time', send_at: sendAt });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(202);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', send_at: sendAt, sent_at: null });
    const listed = await s.request('GET', `/v1/sessions/${session}/messages?status=scheduled`);
    expect(listed.body.data.map((m: Wire) => m.id)).toContain(scheduled.body.id);

    const later = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to: READER, text: 'right away' },
    });
    const now = await eventually(async () => {
      const m = await get(later.body.id);
      return m.status === 'read' ? m : undefined;
    });
    expect((await get(scheduled.body.id)).status).toBe('scheduled');
    expect(Date.parse(String(now.sent_at))).toBeLessThan(Date.parse(sendAt));

    const sent = await eventually(async () => {
      const m = await get(scheduled.body.id);
      return m.sent_at ? m : undefined;
    });
    expect(Date.parse(String(sent.sent_at))).toBeGreaterThanOrEqual(Date.parse(sendAt));
  });

  it('a scheduled message is cancelled with an event and never sent; cancelling again is a 409', async () => {
    const scheduled = await send({ type: 'text', to: READER, text: 'never', send_at: inMs(700) });
    const res = await cancel(scheduled.body.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: scheduled.body.id, status: 'cancelled' });
    expect(Date.parse(res.body.cancelled_at)).toBeGreaterThan(0);
    const again = await cancel(scheduled.body.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MESSAGE_NOT_CANCELLABLE');
    const events = await s.request('GET', `/v1/events?type=message.cancelled&session_id=${session}`);
    expect(events.body.data.map((e: { data: Wire }) => e.data.id)).toEqual([scheduled.body.id]);
    // Past its time: still cancelled, never handed to the engine.
    await new Promise((r) => setTimeout(r, 1200));
    expect(await get(scheduled.body.id)).toMatchObject({ status: 'cancelled', sent_at: null });
  });

  it('a queued message of a stopped session can be cancelled; once sent it cannot', async () => {
    const stopped = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id as string;
    const queued = await send({ type: 'text', to: READER, text: 'waiting' }, stopped);
    expect(queued.body.status).toBe('queued');
    expect((await cancel(queued.body.id)).body.status).toBe('cancelled');

    const sent = await send({ type: 'text', to: READER, text: 'gone out' });
    await eventually(async () => ((await get(sent.body.id)).sent_at ? true : undefined));
    const refused = await cancel(sent.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'MESSAGE_NOT_CANCELLABLE' });
    expect(refused.body.error.message).toMatch(/this one is (sent|delivered|read)/);
  });

  it('refuses a send_at in the past, over a year ahead, not a time, or on an edit, and queues nothing', async () => {
    const before = (await s.request('GET', `/v1/sessions/${session}/messages?limit=100`)).body.data.length;
    for (const send_at of [inMs(-5 * 60_000), inMs(400 * 24 * 3_600_000), 'tomorrow at nine']) {
      const res = await send({ type: 'text', to: READER, text: 'x', send_at });
      expect(res.status, send_at).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.param ?? res.body.error.message).toMatch(/send_at/);
    }
    const edit = await send({
      type: 'edit',
      to: READER,
      message_id: 'msg_x',
      text: 'y',
      send_at: inMs(60_000),
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'send_at' });
    expect((await s.request('GET', `/v1/sessions/${session}/messages?limit=100`)).body.data.length).toBe(
      before,
    );
    expect((await cancel('msg_nope')).body.error.code).toBe('MESSAGE_NOT_FOUND');
  });

  it('a time a few seconds past is sent at once; deleting the session fails what it had scheduled', async () => {
    const now = await send({ type: 'text', to: READER, text: 'slightly late', send_at: inMs(-5000) });
    expect(now.body.status).toBe('queued');
    const other = await s.connectedSession();
    const doomed = await send({ type: 'text', to: READER, text: 'doomed', send_at: inMs(60_000) }, other);
    expect((await s.request('DELETE', `/v1/sessions/${other}`)).status).toBeLessThan(300);
    const failed = await eventually(async () => {
      const m = await get(doomed.body.id);
      return m.status === 'failed' ? m : undefined;
    });
    expect(failed.error).toMatchObject({ code: 'SESSION_DELETED' });
  });
});

describe.each(testDialects())('scheduled messages across a restart on %s', (dialect) => {
  let servers: ReturnType<typeof restartableServer>;
  afterEach(() => servers.cleanup());

  it('goes out once, within a second of its time, when the server was restarted in between', async () => {
    servers = restartableServer(dialect);
    const { boot, req } = servers;
    const first = await boot();
    const session = await req(first, 'POST', '/v1/sessions', { auto_pair: true });
    await eventually(async () =>
      (await req(first, 'GET', `/v1/sessions/${session.id}`)).status === 'connected' ? 1 : undefined,
    );
    // Far enough ahead that the second server is up by then, even on a loaded CI machine.
    const sendAt = inMs(10_000);
    const scheduled = await req(first, 'POST', `/v1/sessions/${session.id}/messages`, {
      type: 'text',
      to: READER,
      text: 'after the restart',
      send_at: sendAt,
    });
    expect(scheduled.status).toBe('scheduled');
    await first.app.close();

    const second = await boot();
    const sent = await eventually(async () => {
      const m = await req(second, 'GET', `/v1/messages/${scheduled.id}`);
      return m.sent_at ? m : undefined;
    });
    const late = Date.parse(sent.sent_at) - Date.parse(sendAt);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1000);
    const events = await req(
      second,
      'GET',
      `/v1/events?type=message.sent&session_id=${session.id}&limit=100`,
    );
    expect(events.data.filter((e: { data: Wire }) => e.data.id === scheduled.id)).toHaveLength(1);
  }, 60_000);
});
