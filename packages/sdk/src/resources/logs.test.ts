import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const entry = (id: string, status = 404) => ({ id, method: 'GET', path: '/v1/sessions/x', status });

describe('logs', () => {
  it('list() filters and pages with starting_after', async () => {
    server = await startFakeServer((req, res) =>
      req.query.get('starting_after')
        ? sendJson(res, 200, { data: [entry('log_2')], has_more: false })
        : sendJson(res, 200, { data: [entry('log_1')], has_more: true }),
    );
    const ids: string[] = [];
    for await (const l of server.client().logs.list({ status: '4xx', path: '/v1/sessions', method: 'GET' })) {
      ids.push(l.id);
    }
    expect(ids).toEqual(['log_1', 'log_2']);
    const [first, second] = server.requests;
    expect(first!.path).toBe('/v1/logs');
    expect(Object.fromEntries(first!.query)).toEqual({ status: '4xx', path: '/v1/sessions', method: 'GET' });
    expect(second!.query.get('starting_after')).toBe('log_1');
  });

  it('stream() yields entries from GET /v1/logs/stream with the filters', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const id of ['log_1', 'log_2']) {
        res.write(`id: ${id}\nevent: request\ndata: ${JSON.stringify(entry(id))}\n\n`);
      }
    });
    const controller = new AbortController();
    const got: string[] = [];
    for await (const l of server.client().logs.stream({ status: '404', signal: controller.signal })) {
      got.push(l.id);
      if (got.length === 2) controller.abort();
    }
    expect(got).toEqual(['log_1', 'log_2']);
    expect(server.requests[0]!.path).toBe('/v1/logs/stream');
    expect(server.requests[0]!.query.get('status')).toBe('404');
  });
});
