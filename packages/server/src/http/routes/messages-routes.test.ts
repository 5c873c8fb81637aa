import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

type Msg = {
  id: string;
  status: string;
  error: { code: string } | null;
  direction: string;
  from: string;
  text: string;
};

describe.each(testDialects())('messages on %s', (dialect) => {
  let s: TestServer;
  let session: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'connected' ? true : undefined,
    );
  });
  afterAll(() => s.close());

  const send = (to: string, text = 'hello', headers?: Record<string, string>) =>
    s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to, text },
      ...(headers && { headers }),
    });
  const get = async (id: string): Promise<Msg> => (await s.request('GET', `/v1/messages/${id}`)).body;
  const settle = async (id: string, wanted: string) =>
    eventually(async () => {
      const m = await get(id);
      return m.status === wanted ? m : undefined;
    });

  it('accepts with 202 queued, then sent → delivered → read, with an event per step', async () => {
    const res = await send('+14155550000');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'queued',
      direction: 'outbound',
      to: '+14155550000',
      text: 'hello',
    });
    expect(res.body.id).toMatch(/^msg_/);
    const read = await settle(res.body.id, 'read');
    expect(read).toMatchObject({ error: null });
    const m = (await s.request('GET', `/v1/messages/${res.body.id}`)).body;
    expect(Date.parse(m.sent_at) <= Date.parse(m.delivered_at)).toBe(true);
    expect(Date.parse(m.delivered_at) <= Date.parse(m.read_at)).toBe(true);
    const events = await s.request('GET', `/v1/events?session_id=${session}&limit=100`);
    const mine = events.body.data.filter((e: { data: { id?: string } }) => e.data.id === res.body.id);
    expect(mine.map((e: { type: string }) => e.type)).toEqual([
      'message.sent',
      'message.delivered',
      'message.read',
    ]);
  });

  it('recipients behave by their last four digits', async () => {
    const delivered = await send('+14155550001');
    const sentOnly = await send('+14155550002');
    const failing = await send('+14155550003');
    await settle(delivered.body.id, 'delivered');
    await settle(sentOnly.body.id, 'sent');
    const failed = await settle(failing.body.id, 'failed');
    expect(failed.error?.code).toBe('RECIPIENT_UNREACHABLE');
    // A message sent only now, to a reading recipient, reaching `read` proves that two receipt
    // steps (stepMs each) passed after the others' last one, in order: had they owed any more
    // receipts, those would have been stored first.
    const later = await send('+14155550000', 'after the others');
    await settle(later.body.id, 'read');
    expect((await get(delivered.body.id)).status).toBe('delivered');
    expect((await get(sentOnly.body.id)).status).toBe('sent');
  });

  it('an echoing recipient replies with a message.received event', async () => {
    const res = await send('+14155550004', 'ping 42');
    await settle(res.body.id, 'read');
    const inbound = await eventually(async () => {
      const list = await s.request('GET', `/v1/events?session_id=${session}&type=message.received&limit=100`);
      return list.body.data.find((e: { data: Msg }) => e.data.text === 'ping 42');
    });
    expect(inbound.data).toMatchObject({ direction: 'inbound', from: '+14155550004', status: 'received' });
    const listed = await s.request('GET', `/v1/sessions/${session}/messages?limit=100`);
    expect(listed.body.data.some((m: Msg) => m.direction === 'inbound' && m.text === 'ping 42')).toBe(true);
  });

  it('Idempotency-Key: same request replays, another body is a 422, and only one message exists', async () => {
    const key = `idem-${Date.now()}`;
    const first = await send('+14155550000', 'once', { 'idempotency-key': key });
    const second = await send('+14155550000', 'once', { 'idempotency-key': key });
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const other = await send('+14155550000', 'twice', { 'idempotency-key': key });
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const listed = await s.request('GET', `/v1/sessions/${session}/messages?limit=100`);
    expect(listed.body.data.filter((m: Msg) => m.text === 'once')).toHaveLength(1);
  });

  it('a message whose HTTP idempotency record was lost (crash) is still not duplicated', async () => {
    const key = `crash-${Date.now()}`;
    const first = await send('+14155550000', 'crashy', { 'idempotency-key': key });
    // Simulate a crash between the commit of the message and the completion of the HTTP record.
    await s.gateway.storage.idempotency.delete(
      s.gateway.storage.dialect ? (await s.request('GET', '/v1/me')).body.tenant.id : '',
      key,
    );
    const retry = await send('+14155550000', 'crashy', { 'idempotency-key': key });
    expect(retry.body.id).toBe(first.body.id);
  });

  it('a lost HTTP idempotency record does not let the key be reused for another message (422)', async () => {
    const key = `crash-reuse-${Date.now()}`;
    const tenantId = (await s.request('GET', '/v1/me')).body.tenant.id;
    // Each retry below comes after a crash that lost the HTTP record: only the message row is left.
    const crashed = () => s.gateway.storage.idempotency.delete(tenantId, key);
    const first = await send('+14155550000', 'the first', { 'idempotency-key': key });
    expect(first.status).toBe(202);

    await crashed();
    // The same message, its number written another way: the same recipient once normalised.
    const again = await send('+1 (415) 555-0000', 'the first', { 'idempotency-key': key });
    expect([again.status, again.body.id]).toEqual([202, first.body.id]);

    const stopped = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
    const others = [
      () => send('+14155550000', 'another text', { 'idempotency-key': key }),
      () => send('+14155550005', 'the first', { 'idempotency-key': key }),
      () =>
        s.request('POST', `/v1/sessions/${stopped}/messages`, {
          body: { type: 'text', to: '+14155550000', text: 'the first' },
          headers: { 'idempotency-key': key },
        }),
    ];
    for (const other of others) {
      await crashed();
      const res = await other();
      expect([res.status, res.body.error?.code, res.body.error?.param]).toEqual([
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key',
      ]);
      expect(res.body.error.message).toContain(first.body.id);
    }
    const listed = await s.request('GET', `/v1/sessions/${session}/messages?limit=100`);
    expect(listed.body.data.filter((m: Msg) => m.text === 'the first')).toHaveLength(1);
    expect(listed.body.data.filter((m: Msg) => m.text === 'another text')).toHaveLength(0);
    const elsewhere = await s.request('GET', `/v1/sessions/${stopped}/messages`);
    expect(elsewhere.body.data).toHaveLength(0);
  });

  it('messages list newest first with cursor pagination', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) sent.push((await send('+14155550002', `page ${i}`)).body.id);
    const page1 = await s.request('GET', `/v1/sessions/${session}/messages?limit=2`);
    expect(page1.body.data.map((m: Msg) => m.id)).toEqual([sent[2], sent[1]]);
    expect(page1.body.has_more).toBe(true);
    const page2 = await s.request(
      'GET',
      `/v1/sessions/${session}/messages?limit=1&starting_after=${sent[1]}`,
    );
    expect(page2.body.data.map((m: Msg) => m.id)).toEqual([sent[0]]);
  });

  it('events can be read after a cursor, in order, without gaps', async () => {
    const all = await s.request('GET', '/v1/events?limit=100');
    const ids = all.body.data.map((e: { id: string }) => e.id);
    expect(ids.length).toBeGreaterThan(5);
    const collected: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await s.request('GET', `/v1/events?limit=3${after ? `&after=${after}` : ''}`);
      collected.push(...page.body.data.map((e: { id: string }) => e.id));
      if (!page.body.has_more) break;
      after = collected.at(-1);
    }
    expect(collected.slice(0, ids.length)).toEqual(ids);
  });
});
