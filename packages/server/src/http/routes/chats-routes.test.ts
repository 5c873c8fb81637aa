import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

type Chat = { id: string; unread_count: number; last_message: { text: string; direction: string } };

describe.each(testDialects())('chats on %s', (dialect) => {
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

  const send = (to: string, text: string) =>
    s.request('POST', `/v1/sessions/${session}/messages`, { body: { type: 'text', to, text } });
  const chats = async (query = ''): Promise<{ data: Chat[]; has_more: boolean }> =>
    (await s.request('GET', `/v1/sessions/${session}/chats${query}`)).body;
  const inboundCount = async () =>
    (await s.request('GET', `/v1/sessions/${session}/messages?direction=inbound&limit=100`)).body.data.length;

  it('lists chats by latest activity with the last message and unread inbound count; mark read', async () => {
    // The sandbox's +14155550004 echoes each message back: two inbound, unread.
    await send('+14155550004', 'one');
    await send('+14155550004', 'two');
    await eventually(async () => ((await inboundCount()) === 2 ? true : undefined));
    await send('+14155550000', 'just outbound');
    const listed = await chats();
    expect(listed.data.map((c) => [c.id, c.unread_count, c.last_message.text])).toEqual([
      ['+14155550000', 0, 'just outbound'],
      ['+14155550004', 2, 'two'],
    ]);

    const read = await s.request(
      'POST',
      `/v1/sessions/${session}/chats/${encodeURIComponent('+14155550004')}/read`,
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: '+14155550004', object: 'chat', unread_count: 0 });
    await send('+14155550004', 'three');
    await eventually(async () => ((await inboundCount()) === 3 ? true : undefined));
    const after = await chats();
    expect(after.data[0]).toMatchObject({ id: '+14155550004', unread_count: 1 });
  });

  it('pages with starting_after; coded errors for unknown chats and bad ids', async () => {
    const first = await chats('?limit=1');
    expect(first.data).toHaveLength(1);
    expect(first.has_more).toBe(true);
    const second = await chats(`?limit=1&starting_after=${encodeURIComponent(first.data[0]!.id)}`);
    expect(second.data.map((c) => c.id)).not.toContain(first.data[0]!.id);
    expect(second.has_more).toBe(false);

    const none = await s.request(
      'POST',
      `/v1/sessions/${session}/chats/${encodeURIComponent('+14155559999')}/read`,
    );
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('CHAT_NOT_FOUND');
    const bad = await s.request('POST', `/v1/sessions/${session}/chats/nope/read`);
    expect(bad.body.error.code).toBe('INVALID_PHONE_NUMBER');
    const globex = await s.tenant('globex');
    const foreign = await s.request('GET', `/v1/sessions/${session}/chats`, { key: globex.key });
    expect(foreign.body.error.code).toBe('SESSION_NOT_FOUND');
  });
});
