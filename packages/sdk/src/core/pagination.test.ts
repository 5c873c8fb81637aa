import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

/** Serves ids `prefix_1..prefix_total`, paged like the API, after the cursor in `cursorParam`. */
async function serveList(total: number, prefix: string, cursorParam: string) {
  const all = Array.from({ length: total }, (_, i) => ({ id: `${prefix}_${i + 1}` }));
  server = await startFakeServer((req, res) => {
    const limit = Number(req.query.get('limit') ?? 20);
    const cursor = req.query.get(cursorParam);
    const start = cursor ? all.findIndex((x) => x.id === cursor) + 1 : 0;
    const data = all.slice(start, start + limit);
    sendJson(res, 200, { data, has_more: start + limit < all.length });
  });
  return server;
}

describe('pagination', () => {
  it('iterates items across pages with starting_after = last id', async () => {
    await serveList(5, 'ses', 'starting_after');
    const ids: string[] = [];
    for await (const session of server.client().sessions.list({ limit: 2 })) ids.push(session.id);
    expect(ids).toEqual(['ses_1', 'ses_2', 'ses_3', 'ses_4', 'ses_5']);
    expect(server.requests.map((r) => r.query.toString())).toEqual([
      'limit=2',
      'limit=2&starting_after=ses_2',
      'limit=2&starting_after=ses_4',
    ]);
  });

  it('returns one page when awaited, with nextPage() until null', async () => {
    await serveList(3, 'whk', 'starting_after');
    const first = await server.client().webhooks.list({ limit: 2 });
    expect(first.data.map((w) => w.id)).toEqual(['whk_1', 'whk_2']);
    expect(first.has_more).toBe(true);
    const second = await first.nextPage();
    expect(second?.data.map((w) => w.id)).toEqual(['whk_3']);
    expect(second?.has_more).toBe(false);
    await expect(second?.nextPage()).resolves.toBeNull();
    expect(server.requests).toHaveLength(2);
  });

  it('iterates a page from where it is', async () => {
    await serveList(3, 'key', 'starting_after');
    const first = await server.client().apiKeys.list({ limit: 1 });
    const second = await first.nextPage();
    const ids: string[] = [];
    for await (const key of second!) ids.push(key.id);
    expect(ids).toEqual(['key_2', 'key_3']);
  });

  it('stops on an empty page even if has_more is set', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { data: [], has_more: true }));
    const ids: string[] = [];
    for await (const tenant of server.client().tenants.list()) ids.push(tenant.id);
    expect(ids).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('paginates a session’s messages and a webhook’s deliveries under their parent', async () => {
    await serveList(1, 'x', 'starting_after');
    const wagw = server.client();
    await wagw.messages.list('ses_1');
    await wagw.webhooks.deliveries('whk_1', { limit: 5 });
    expect(server.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/v1/sessions/ses_1/messages?',
      '/v1/webhooks/whk_1/deliveries?limit=5',
    ]);
  });

  it('propagates a failed first page to for-await', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: 'no' } }),
    );
    const iterate = async () => {
      for await (const _ of server.client().sessions.list());
    };
    await expect(iterate()).rejects.toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });
});

describe('events', () => {
  it('lists with the after cursor and filters', async () => {
    await serveList(3, 'evt', 'after');
    const page = await server
      .client()
      .events.list({ after: 'evt_1', limit: 1, session_id: 'ses_1', type: 'message.sent' });
    expect(page.data.map((e) => e.id)).toEqual(['evt_2']);
    expect(server.requests[0]!.query.toString()).toBe(
      'after=evt_1&limit=1&session_id=ses_1&type=message.sent',
    );
  });

  it('iterate() follows after cursors to the end', async () => {
    await serveList(5, 'evt', 'after');
    const ids: string[] = [];
    for await (const event of server.client().events.iterate({ after: 'evt_1', limit: 2 }))
      ids.push(event.id);
    expect(ids).toEqual(['evt_2', 'evt_3', 'evt_4', 'evt_5']);
    expect(server.requests.map((r) => r.query.get('after'))).toEqual(['evt_1', 'evt_3']);
  });

  it('iterate({ follow }) keeps polling after the last event until aborted', async () => {
    const all: { id: string }[] = [{ id: 'evt_1' }];
    server = await startFakeServer((req, res) => {
      const after = req.query.get('after');
      const start = after ? all.findIndex((x) => x.id === after) + 1 : 0;
      sendJson(res, 200, { data: all.slice(start), has_more: false });
    });
    const controller = new AbortController();
    const ids: string[] = [];
    for await (const event of server
      .client()
      .events.iterate({}, { follow: true, intervalMs: 20, signal: controller.signal })) {
      ids.push(event.id);
      if (ids.length === 1) setTimeout(() => all.push({ id: 'evt_2' }), 30);
      if (ids.length === 2) {
        // Abort once it has polled again past evt_2 (not after a fixed delay: CI machines are slow).
        const polledOn = setInterval(() => {
          if (server.requests.at(-1)?.query.get('after') !== 'evt_2') return;
          clearInterval(polledOn);
          controller.abort();
        }, 5);
      }
    }
    expect(ids).toEqual(['evt_1', 'evt_2']);
    expect(server.requests[0]!.query.get('after')).toBeNull();
    expect(server.requests.at(-1)!.query.get('after')).toBe('evt_2');
  });
});
