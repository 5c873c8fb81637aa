import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

type Msg = {
  id: string;
  direction: string;
  to: string | null;
  from: string | null;
  text: string;
  status: string;
};

/** Filters and full-text search of GET /v1/sessions/{id}/messages, on both dialects. */
describe.each(testDialects())('message filters and search on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  const texts = [
    'The invoice for March is attached',
    'Café opens at nine',
    'see you at the café tomorrow',
    'INVOICE #42 paid, thanks!',
    'nothing to see here',
  ];

  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'connected' ? true : undefined,
    );
    for (const text of texts) {
      const res = await s.request('POST', `/v1/sessions/${session}/messages`, {
        body: { type: 'text', to: '+14155550000', text },
      });
      expect(res.status).toBe(202);
    }
    // The sandbox's echoing recipient answers: one inbound message from +14155550004.
    await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to: '+14155550004', text: 'echo invoice please' },
    });
    await eventually(async () => {
      const list = await s.request('GET', `/v1/sessions/${session}/messages?direction=inbound`);
      return list.body.data.length > 0 ? true : undefined;
    });
  });
  afterAll(() => s.close());

  const list = async (query: string): Promise<Msg[]> => {
    const res = await s.request('GET', `/v1/sessions/${session}/messages?limit=100&${query}`);
    expect(res.status, query).toBe(200);
    return res.body.data;
  };

  it('finds a message by a word of it, case-insensitively, whole words, every word required', async () => {
    const invoice = (await list('q=invoice')).map((m) => m.text);
    expect(invoice.sort()).toEqual(
      [
        'INVOICE #42 paid, thanks!',
        'The invoice for March is attached',
        'echo invoice please',
        'echo invoice please',
      ].sort(),
    );
    expect((await list('q=invoice%20march')).map((m) => m.text)).toEqual([
      'The invoice for March is attached',
    ]);
    expect((await list('q=caf%C3%A9')).map((m) => m.text).sort()).toEqual([
      'Café opens at nine',
      'see you at the café tomorrow',
    ]);
    expect(await list('q=invo')).toEqual([]);
    // FTS syntax in the input is only words (here three, all required): no error, no OR.
    expect(await list(`q=${encodeURIComponent('invoice" OR "nothing')}`)).toEqual([]);
    expect((await list(`q=${encodeURIComponent('"invoice*')}`)).length).toBe(4);
    expect(await list(`q=${encodeURIComponent('NEAR(x y)')}`)).toEqual([]);
  });

  it('filters by direction, chat, status and time, and pages beyond one page', async () => {
    const inbound = await list('direction=inbound');
    expect(inbound.map((m) => [m.direction, m.from, m.text])).toEqual([
      ['inbound', '+14155550004', 'echo invoice please'],
    ]);
    const chat = await list('chat=%2B14155550004');
    expect(chat.map((m) => m.direction).sort()).toEqual(['inbound', 'outbound']);
    expect((await list('chat=%2B14155550004&direction=outbound&q=echo')).length).toBe(1);
    expect(await list('since=2000-01-01&until=2000-01-02')).toEqual([]);
    expect((await list(`since=${new Date(Date.now() - 3_600_000).toISOString()}`)).length).toBe(7);
    const all = await list('status=received');
    expect(all.every((m) => m.status === 'received')).toBe(true);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await s.request(
        'GET',
        `/v1/sessions/${session}/messages?limit=2&q=invoice${after ? `&starting_after=${after}` : ''}`,
      );
      seen.push(...res.body.data.map((m: Msg) => m.id));
      if (!res.body.has_more) break;
      after = seen.at(-1);
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it('bad filters are coded errors', async () => {
    const bad = async (query: string, param: string) => {
      const res = await s.request('GET', `/v1/sessions/${session}/messages?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toMatch(/VALIDATION_FAILED|INVALID_PHONE_NUMBER/);
      if (res.body.error.param) expect(res.body.error.param).toBe(param);
    };
    await bad('since=yesterday', 'since');
    await bad('since=2026-02-01&until=2026-01-01', 'since');
    await bad('q=%20%21%3F', 'q');
    await bad('chat=not-a-phone', 'chat');
    await bad('direction=sideways', 'direction');
  });

  it('exports as JSON Lines (oldest first) and CSV (header, text defused), with the filters', async () => {
    const jsonl = await s.app.inject({
      url: `/v1/sessions/${session}/messages/export`,
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    const lines = jsonl.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines.map((m) => m.created_at)).toEqual([...lines.map((m) => m.created_at)].sort());
    expect(lines[0].text).toBe(texts[0]);

    const csv = await s.app.inject({
      url: `/v1/sessions/${session}/messages/export?format=csv&chat=%2B14155550004`,
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="messages-${session}.csv"`);
    const rows = csv.body.trimEnd().split('\n');
    expect(rows[0]).toBe(
      'id,created_at,direction,type,from,to,text,status,error_code,sent_at,delivered_at,read_at,failed_at',
    );
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).every((r) => r.includes('echo invoice please'))).toBe(true);

    const bad = await s.request('GET', `/v1/sessions/${session}/messages/export?since=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'since' });
  });

  it('an export of more than one batch has every message once, and CSV formulas are defused', async () => {
    const other = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
    const tenantId = (await s.request('GET', '/v1/me')).body.tenant.id;
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 1203; i++) {
      await s.gateway.storage.messages.insert(
        {
          id: `msg_bulk${String(i).padStart(6, '0')}`,
          tenantId,
          sessionId: other,
          direction: 'inbound',
          type: 'text',
          to: null,
          from: '+14155550009',
          toLid: null,
          fromLid: null,
          body: { type: 'text', text: i === 0 ? '=HYPERLINK("http://evil")' : `bulk ${i}` },
          status: 'received',
          error: null,
          waMessageId: `WA${i}`,
          createdAt: t0 + i,
          sentAt: null,
          deliveredAt: null,
          readAt: null,
          failedAt: null,
        },
        null,
      );
    }
    const jsonl = await s.app.inject({
      url: `/v1/sessions/${other}/messages/export?format=jsonl`,
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    const ids = jsonl.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(1203);
    expect(new Set(ids).size).toBe(1203);
    expect(ids).toEqual([...ids].sort());
    const csv = await s.app.inject({
      url: `/v1/sessions/${other}/messages/export?format=csv&q=hyperlink`,
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    expect(csv.body.split('\n')[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
