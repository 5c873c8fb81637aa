import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, NotFoundError } from '../core/errors.js';
import { type FakeServer, sendError, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const event = (n: number) => ({ id: `evt_${n}`, type: 'message.received', session_id: 'ses_1', data: { n } });

function openStream(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write('retry: 10\n\n');
}
function writeEvent(res: ServerResponse, n: number) {
  const e = event(n);
  res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
}

describe('events.stream()', () => {
  it('yields each event, sends the filters, and resumes with Last-Event-ID after a dropped connection', async () => {
    server = await startFakeServer((req, res, index) => {
      openStream(res);
      if (index === 0) {
        writeEvent(res, 1);
        res.write(': keep-alive\n\n');
        writeEvent(res, 2);
        // The connection drops mid-stream, half an event written.
        res.write('id: evt_3\nevent: mess');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const after = Number(String(req.headers['last-event-id']).slice(4));
      for (let n = after + 1; n <= 4; n++) writeEvent(res, n);
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const reconnects: (string | undefined)[] = [];
    const opens: { lastEventId: string | undefined; reconnect: boolean }[] = [];
    for await (const e of server.client().events.stream({
      types: ['message.*', 'session.status'],
      sessionId: 'ses_1',
      signal: controller.signal,
      onOpen: (info) => opens.push(info),
      onReconnect: (info) => reconnects.push(info.lastEventId),
    })) {
      seen.push(e.id);
      if (seen.length === 4) controller.abort();
    }
    expect(seen).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
    expect(reconnects).toEqual(['evt_2']);
    expect(opens).toEqual([
      { lastEventId: undefined, reconnect: false },
      { lastEventId: 'evt_2', reconnect: true },
    ]);
    const [first, second] = server.requests;
    expect(first!.path).toBe('/v1/events/stream');
    expect(first!.query.get('types')).toBe('message.*,session.status');
    expect(first!.query.get('session_id')).toBe('ses_1');
    expect(first!.headers.accept).toBe('text/event-stream');
    expect(first!.headers['last-event-id']).toBeUndefined();
    expect(second!.headers['last-event-id']).toBe('evt_2');
  });

  it('starts after lastEventId, retries a 503, and reconnects when the server ends the stream', async () => {
    server = await startFakeServer((req, res, index) => {
      if (index === 0) return sendError(res, 503, 'NOT_READY');
      openStream(res);
      const after = Number(String(req.headers['last-event-id']).slice(4));
      writeEvent(res, after + 1);
      res.end();
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const opens: (string | undefined)[] = [];
    for await (const e of server.client().events.stream({
      lastEventId: 'evt_7',
      signal: controller.signal,
      onOpen: (info) => opens.push(info.lastEventId),
    })) {
      seen.push(e.id);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual(['evt_8', 'evt_9']);
    // The 503 did not open the stream.
    expect(opens).toEqual(['evt_7', 'evt_8']);
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual(['evt_7', 'evt_7', 'evt_8']);
  });

  it('throws errors a retry cannot fix: 401, an unknown cursor', async () => {
    server = await startFakeServer((_req, res, index) =>
      index === 0 ? sendError(res, 401, 'UNAUTHENTICATED') : sendError(res, 404, 'EVENT_NOT_FOUND'),
    );
    const client = server.client();
    await expect(client.events.stream().next()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(client.events.stream({ lastEventId: 'evt_x' }).next()).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(2);
  });

  it('ends quietly when the signal aborts while waiting for events', async () => {
    server = await startFakeServer((_req, res) => openStream(res));
    const controller = new AbortController();
    const iterator = server.client().events.stream({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('ends when the signal aborts even if fetch no longer follows it (a request signal lost to GC)', async () => {
    server = await startFakeServer((_req, res) => {
      openStream(res);
      writeEvent(res, 1);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 20);
      res.on('close', () => clearInterval(heartbeat));
    });
    // What Node does once a Request's signal has been collected (nodejs/undici#3644): the body
    // goes on after an abort. The stream must end anyway, not when the server ends it.
    const deaf: typeof fetch = (input, init) => {
      const request = new Request(input as Request);
      return fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(init && { body: init.body }),
      });
    };
    const controller = new AbortController();
    const iterator = server.client({ fetch: deaf }).events.stream({ signal: controller.signal });
    expect((await iterator.next()).value).toMatchObject({ id: 'evt_1' });
    setTimeout(() => controller.abort(), 50);
    const hung = new Promise((resolve) => setTimeout(() => resolve('still reading'), 5000));
    expect(await Promise.race([iterator.next(), hung])).toEqual({ done: true, value: undefined });
  });
});
