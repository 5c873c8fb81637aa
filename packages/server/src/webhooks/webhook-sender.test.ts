import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from './webhook-sender.js';

const servers: Array<Server | TcpServer> = [];
const sockets = new Set<Socket>();

async function listen<T extends Server | TcpServer>(server: T): Promise<{ server: T; port: number }> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

/** Writes a byte every `everyMs` until the socket closes: a receiver that never finishes. */
function trickle(socket: Socket, write: () => void, everyMs: number): void {
  const timer = setInterval(write, everyMs);
  socket.on('close', () => clearInterval(timer));
  socket.on('error', () => clearInterval(timer));
}

const post = (url: string, extra: Partial<Parameters<typeof postWebhook>[0]> = {}) =>
  postWebhook({
    url,
    body: '{"a":1}',
    headers: { 'webhook-id': 'evt_1' },
    timeoutMs: 2000,
    guard: false,
    ...extra,
  });

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('postWebhook', () => {
  it('reads the status, the first bytes of the body and Retry-After', async () => {
    const { port } = await listen(
      createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(503, { 'retry-after': '7' }).end('busy'));
      }),
    );
    const result = await post(`http://127.0.0.1:${port}/hook`);
    expect(result).toMatchObject({
      outcome: 'response',
      statusCode: 503,
      responseBody: 'busy',
      error: null,
      retryAfterSeconds: 7,
    });
  });

  // Regression (issue 6 §3): the timeout was a socket-idle timeout, reset by every byte.
  it('cuts a receiver that trickles its body at the hard deadline', async () => {
    const { port } = await listen(
      createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('o');
        trickle(res.socket!, () => res.write('k'), 50);
      }),
    );
    const result = await post(`http://127.0.0.1:${port}/hook`, { timeoutMs: 400 });
    expect(result).toMatchObject({ outcome: 'timeout', statusCode: 200 });
    expect(result.error).toMatch(/timed out after 400 ms reading the response body/);
    expect(result.durationMs).toBeGreaterThanOrEqual(390);
    // The receiver trickles forever: without the hard deadline this never ends. A generous bound
    // keeps a busy machine from failing the test.
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('cuts a receiver that trickles its headers at the hard deadline', async () => {
    const { port } = await listen(
      createTcpServer((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nx-slow: ');
          trickle(socket, () => socket.write('a'), 50);
        });
      }),
    );
    const result = await post(`http://127.0.0.1:${port}/hook`, { timeoutMs: 400 });
    expect(result).toMatchObject({ outcome: 'timeout', statusCode: null });
    expect(result.error).toMatch(/timed out after 400 ms waiting for the response/);
    // The receiver trickles forever: without the hard deadline this never ends. A generous bound
    // keeps a busy machine from failing the test.
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('gives up at once when its signal aborts (shutdown), whatever the receiver does', async () => {
    let arrived!: () => void;
    const requested = new Promise<void>((r) => {
      arrived = r;
    });
    const { port } = await listen(createServer(() => arrived()));
    const controller = new AbortController();
    const pending = post(`http://127.0.0.1:${port}/hook`, { timeoutMs: 60_000, signal: controller.signal });
    await requested;
    const abortedAt = performance.now();
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ outcome: 'aborted', statusCode: null, error: 'aborted' });
    // The receiver never answers and the deadline is 60 s: only the abort can end it this soon.
    expect(performance.now() - abortedAt).toBeLessThan(10_000);
  });

  // Regression (issue 6 §3): Node skips `lookup` for literal IPs, so the connect-time guard never
  // saw them, and `localhost` went through only sometimes.
  it.each([
    (port: number) => `http://127.0.0.1:${port}/hook`,
    (port: number) => `http://localhost:${port}/hook`,
    (port: number) => `http://localhost.:${port}/hook`,
    (port: number) => `http://[::ffff:127.0.0.1]:${port}/hook`,
    (port: number) => `http://[::127.0.0.1]:${port}/hook`,
    // Numeric forms of 127.0.0.1: decimal, octal, hex, short.
    (port: number) => `http://2130706433:${port}/hook`,
    (port: number) => `http://0177.0.0.1:${port}/hook`,
    (port: number) => `http://0x7f.0x0.0x0.0x1:${port}/hook`,
    (port: number) => `http://127.1:${port}/hook`,
    (port: number) => `http://127.0.0.1.:${port}/hook`,
  ])('with the guard on, refuses a private target without contacting it (%#)', async (target) => {
    let connections = 0;
    const { server, port } = await listen(createServer((_req, res) => res.end('ok')));
    server.on('connection', () => {
      connections++;
    });
    const result = await post(target(port), { guard: true });
    expect(result.outcome).toBe('refused');
    expect(result.error).toMatch(/^refused: .*(loopback|private)/);
    expect(connections).toBe(0);
  });

  it('with the guard off, delivers to a private target', async () => {
    const { port } = await listen(createServer((_req, res) => res.end('ok')));
    expect((await post(`http://localhost:${port}/hook`)).statusCode).toBe(200);
  });
});
