import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** Sandbox: every `digits@newsletter` exists except those ending in 0003. */
const NEWS = '120363011112222333@newsletter';
const MISSING = '120363011112220003@newsletter';

describe.each(testDialects())('channels on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const at = (path: string) => `/v1/sessions/${session}${path}`;
  const post = (to: string, body: object) => s.request('POST', at('/messages'), { body: { to, ...body } });

  it('reads a channel by id or link, follows and unfollows it; the list holds what it follows', async () => {
    const read = await s.request('GET', at(`/channels/${NEWS}`));
    expect(read.body).toMatchObject({ object: 'channel', id: NEWS, role: 'guest', session_id: session });
    expect((await s.request('GET', at('/channels'))).body.data).toEqual([]);
    const byLink = await s.request(
      'GET',
      at(`/channels/${encodeURIComponent('https://whatsapp.com/channel/AbCdEf123')}`),
    );
    expect(byLink.body.invite_url).toBe('https://whatsapp.com/channel/AbCdEf123');
    const followed = await s.request('POST', at(`/channels/${NEWS}/follow`));
    expect(followed.body.role).toBe('follower');
    expect((await s.request('GET', at('/channels'))).body.data.map((c: { id: string }) => c.id)).toEqual([
      NEWS,
    ]);
    // Read again, it is still followed.
    expect((await s.request('GET', at(`/channels/${NEWS}`))).body.role).toBe('follower');
    expect((await s.request('POST', at(`/channels/${NEWS}/unfollow`))).body.role).toBe('guest');
    expect((await s.request('GET', at('/channels'))).body.data).toEqual([]);
  });

  it('creates a channel and posts to it; only the owner posts, and only what channels carry', async () => {
    const created = await s.request('POST', at('/channels'), {
      body: { name: ' Release notes ', description: 'what shipped' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Release notes', description: 'what shipped', role: 'owner' });
    const id: string = created.body.id;
    expect(id).toMatch(/^\d+@newsletter$/);
    const sent = await post(id, { type: 'text', text: 'v1.2 is out' });
    expect(sent.status).toBe(202);
    expect(sent.body.to).toBe(id);
    await eventually(async () => {
      expect((await s.request('GET', `/v1/messages/${sent.body.id}`)).body.status).toBe('sent');
      return true;
    });
    const inChat = await s.request('GET', at(`/messages?chat=${encodeURIComponent(id)}`));
    expect(inChat.body.data.map((m: { id: string }) => m.id)).toEqual([sent.body.id]);
    const poll = await post(id, { type: 'poll', question: 'q?', options: ['a', 'b'] });
    expect(poll.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'type' });
    await s.request('POST', at(`/channels/${NEWS}/follow`));
    const notMine = await post(NEWS, { type: 'text', text: 'hi' });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('CHANNEL_NOT_ADMIN');
    const unknown = await post('120363099999999999@newsletter', { type: 'text', text: 'hi' });
    expect(unknown.body.error.code).toBe('CHANNEL_NOT_FOUND');
    expect(
      (await s.request('GET', at('/channels'))).body.data.map((c: { role: string }) => c.role).sort(),
    ).toEqual(['follower', 'owner']);
  });

  it('refuses bad input with coded errors', async () => {
    expect((await s.request('GET', at(`/channels/${MISSING}`))).body.error.code).toBe('CHANNEL_NOT_FOUND');
    expect((await s.request('POST', at(`/channels/${MISSING}/follow`))).status).toBe(404);
    expect((await s.request('GET', at('/channels/no%20such!'))).body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      param: 'channel',
    });
    expect((await s.request('POST', at('/channels'), { body: { name: '   ' } })).body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      param: 'name',
    });
    expect((await s.request('POST', at('/channels'), { body: { name: 'x'.repeat(101) } })).status).toBe(400);
  });
});
