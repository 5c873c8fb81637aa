import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './ssrf-guard.js';

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
  retryAfterSeconds?: number;
}

const MAX_RESPONSE_BYTES = 4096;
const STORED_RESPONSE_CHARS = 1024;

/**
 * POSTs the exact signed bytes. Redirects are not followed (a 3xx is a failure), the response body
 * is read only up to a few KB, and with `guard` the connection refuses private addresses.
 */
export function postWebhook(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  guard: boolean;
}): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const url = new URL(options.url);
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          'user-agent': 'wagw-webhooks/1',
        },
        timeout: options.timeoutMs,
        ...(options.guard && { lookup: guardedLookup as never }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, STORED_RESPONSE_CHARS);
          const retryAfter = Number(res.headers['retry-after']);
          finish({
            statusCode: res.statusCode ?? null,
            responseBody: text.length > 0 ? text : null,
            error: null,
            ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterSeconds: retryAfter }),
          });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('timeout', () => {
      req.destroy();
      finish({ statusCode: null, responseBody: null, error: `timed out after ${options.timeoutMs} ms` });
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ statusCode: null, responseBody: null, error: `${err.code ?? 'ERROR'}: ${err.message}` }),
    );
    req.end(options.body);
  });
}
