import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { testDatabase } from '../testing/dialects.js';
import { clientErrorHandler } from './client-error.js';
import { type CapturedLogs, captureLogs } from './testing/capture-logs.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseResponse(raw: string): RawResponse {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** Writes raw bytes to the server and reads until it closes the connection. */
function rawRequest(port: number, bytes: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('utf8'))));
  });
}

/** Errors raised before fastify routes a request still get the one error shape and a logged request id. */
describe('requests refused before routing', () => {
  const db = testDatabase('sqlite');
  let server: WagwServer;
  let app: FastifyInstance;
  let logs: CapturedLogs;
  let port: number;

  beforeAll(async () => {
    logs = captureLogs();
    server = await createServer({ ...db.config, start: false, logger: logs.logger });
    app = server.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    await db.cleanup();
  });

  function expectOneShape(
    res: { status: number; headers: Record<string, unknown>; body: string },
    code: string,
  ) {
    const error = JSON.parse(res.body).error;
    expect(error).toEqual({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
    expect(res.headers['request-id']).toBe(error.request_id);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    return error as { request_id: string; message: string };
  }

  it('bad percent-encoding in the path → 400 MALFORMED_REQUEST', async () => {
    const res = await app.inject('/v1/sessions/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expectOneShape({ status: res.statusCode, headers: res.headers, body: res.body }, 'MALFORMED_REQUEST');
  });

  it('an over-long path parameter → 414 URL_TOO_LONG', async () => {
    const res = await app.inject(`/v1/sessions/${'x'.repeat(200)}`);
    expect(res.statusCode).toBe(414);
    expectOneShape({ status: res.statusCode, headers: res.headers, body: res.body }, 'URL_TOO_LONG');
  });

  it.each([
    ['an invalid Content-Length', 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    [
      'Content-Length with chunked framing',
      'POST /v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc',
    ],
    ['a broken request line', 'GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n'],
  ])('malformed framing (%s) → 400 MALFORMED_REQUEST, logged under its request id', async (_name, bytes) => {
    const res = await rawRequest(port, bytes);
    expect(res.status).toBe(400);
    const error = expectOneShape(res, 'MALFORMED_REQUEST');
    expect(error.message).toMatch(/HPE_/);
    expect(logs.lines.some((line) => line.reqId === error.request_id)).toBe(true);
  });

  it('oversized headers → 431 HEADERS_TOO_LARGE', async () => {
    const res = await rawRequest(
      port,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    const error = expectOneShape(res, 'HEADERS_TOO_LARGE');
    expect(logs.lines.some((line) => line.reqId === error.request_id)).toBe(true);
  });

  it('a client too slow to send its request → 408 REQUEST_TIMEOUT; a reset connection gets nothing', () => {
    const written: string[] = [];
    const socket = new Duplex({
      read() {},
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    });
    socket.on('error', () => undefined); // destroy(error) re-emits it; Node's server listens for it
    const timeout = Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    clientErrorHandler.call(app, timeout as ConnectionError, socket as unknown as Socket);
    const res = parseResponse(written.join(''));
    expect(res.status).toBe(408);
    expectOneShape(res, 'REQUEST_TIMEOUT');
    expect(socket.destroyed).toBe(true);

    const reset = new Duplex({ read() {}, write: () => written.push('unexpected') });
    const before = written.length;
    clientErrorHandler.call(
      app,
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }) as ConnectionError,
      reset as unknown as Socket,
    );
    expect(written.length).toBe(before);
  });
});
