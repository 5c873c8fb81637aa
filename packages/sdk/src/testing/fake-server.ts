import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Wagw, type WagwOptions } from '../client.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** `body` parsed as JSON (a JSON content type, or none), or undefined. */
  json: unknown;
}

export type FakeHandler = (req: RecordedRequest, res: ServerResponse, index: number) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  client(options?: Partial<WagwOptions>): Wagw;
  close(): Promise<void>;
}

/** A node:http server on port 0 that records requests and answers through `handler`. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      json:
        body === '' || !String(req.headers['content-type'] ?? 'json').includes('json')
          ? undefined
          : JSON.parse(body),
    };
    requests.push(recorded);
    try {
      await handler(recorded, res, requests.length - 1);
    } catch (error) {
      sendJson(res, 500, { error: { code: 'INTERNAL', message: String(error), request_id: 'req_test' } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    client: (options) => new Wagw({ baseUrl: url, apiKey: 'wagw_test_key', ...options }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_header', ...headers });
  res.end(JSON.stringify(body));
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  sendJson(
    res,
    status,
    { error: { code, message: `${code} happened`, request_id: 'req_body', ...extra } },
    headers,
  );
}
