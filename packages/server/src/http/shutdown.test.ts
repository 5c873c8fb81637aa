import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../testing/test-server.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads HTTP/1.1 responses off a socket as they arrive (Content-Length framed, as fastify sends). */
function responses(socket: Socket) {
  let buffer = '';
  const parsed: RawResponse[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = buffer.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < end + 4 + length) return;
      parsed.push({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: buffer.slice(end + 4, end + 4 + length),
      });
      buffer = buffer.slice(end + 4 + length);
    }
  });
  return parsed;
}

describe('shutdown', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close().catch(() => undefined);
    s = undefined;
  });

  it('a request that reaches a closing server gets 503 NOT_READY in the one error shape, with Retry-After', async () => {
    s = await startTestServer('sqlite');
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    const got = responses(socket);
    const body = JSON.stringify({ name: 'in flight while closing' });
    // A request in flight: its headers are in (the server answered 100 Continue), its body is not.
    socket.write(
      'POST /v1/tenants HTTP/1.1\r\nHost: wagw\r\nConnection: keep-alive\r\n' +
        `Authorization: Bearer ${s.adminKey}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await eventually(async () => (got[0]?.status === 100 ? true : undefined));

    const closed = s.app.close();
    // The server stops listening only after every preClose hook ran: it is closing now.
    await eventually(async () => (s?.app.server.listening ? undefined : true));
    // The rest of the body, and another request on the same keep-alive connection.
    socket.write(`${body}GET /v1/me HTTP/1.1\r\nHost: wagw\r\nAuthorization: Bearer ${s.adminKey}\r\n\r\n`);
    const [, first, second] = await eventually(async () => (got.length >= 3 ? got : undefined));
    await closed;
    socket.destroy();

    // The request that was in flight finishes normally…
    expect(first?.status).toBe(201);
    // …the one that came in after the server began to close is refused, in the one error shape.
    expect(second?.status).toBe(503);
    expect(second?.headers['retry-after']).toMatch(/^\d+$/);
    expect(second?.headers['content-type']).toMatch(/^application\/json/);
    expect(second?.headers.connection).toBe('close');
    const parsed = JSON.parse(second?.body ?? '{}');
    expect(parsed).toEqual({
      error: { code: 'NOT_READY', message: expect.any(String), request_id: expect.any(String) },
    });
    expect(second?.headers['request-id']).toBe(parsed.error.request_id);
  });
});
