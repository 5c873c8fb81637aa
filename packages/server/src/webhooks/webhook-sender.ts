import http from 'node:http';
import https from 'node:https';
import { BLOCKED_CODE, guardedLookup, webhookUrlProblem } from './ssrf-guard.js';

/**
 * How an attempt ended: `response` (a status came back and the body was read), `timeout` (the hard
 * deadline passed), `network` (DNS, connect, TLS or reset errors), `refused` (the target is not
 * allowed by the configuration; nothing was contacted), `aborted` (the caller gave up: shutdown).
 */
export type PostOutcome = 'response' | 'timeout' | 'network' | 'refused' | 'aborted';

export interface PostResult {
  outcome: PostOutcome;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
  /** The response's headers (null when no response came). */
  responseHeaders?: Record<string, string> | null;
  retryAfterSeconds?: number;
}

const MAX_RESPONSE_BYTES = 4096;
const STORED_RESPONSE_CHARS = 1024;
/** A receiver's Retry-After is honoured up to a day: a longer one would outlive the schedule. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;
const STORED_HEADERS = 50;
const STORED_HEADER_CHARS = 512;

/**
 * `Retry-After` as seconds from `now`: delta-seconds or an HTTP date, capped at a day; undefined
 * when absent, unparseable or not in the future.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    seconds = (at - now) / 1000;
  }
  if (!(seconds > 0)) return undefined;
  return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}

/** The response headers as stored: lower-case names, at most 50, each value cut to 512 chars. */
function storedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers).slice(0, STORED_HEADERS)) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value.join(', ') : value).slice(0, STORED_HEADER_CHARS);
  }
  return out;
}

/**
 * POSTs the exact signed bytes. `timeoutMs` is a hard deadline for the whole exchange (DNS,
 * connect, TLS, headers and body), not a socket-idle timeout, so a receiver that trickles bytes is
 * cut off when it passes. Redirects are not followed (a 3xx is a failure), the response body is
 * read only up to a few KB, and with `guard` private targets are refused: literal IPs and
 * `localhost` names before connecting, hostnames by the address they resolve to.
 */
export function postWebhook(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  guard: boolean;
  signal?: AbortSignal;
  /** The clock an HTTP-date Retry-After is read against. */
  now?: () => number;
}): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const nothing = { statusCode: null, responseBody: null } as const;
  if (options.guard) {
    const problem = webhookUrlProblem(options.url, false);
    if (problem) {
      return Promise.resolve({ outcome: 'refused', ...nothing, error: `refused: ${problem}`, durationMs: 0 });
    }
  }
  if (options.signal?.aborted) {
    return Promise.resolve({ outcome: 'aborted', ...nothing, error: 'aborted', durationMs: 0 });
  }
  return new Promise((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    let req: http.ClientRequest | undefined;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      // Cut the exchange short (and its socket) unless it ended on its own.
      if (result.outcome === 'timeout' || result.outcome === 'aborted') req?.destroy();
      resolve({ ...result, durationMs: elapsed() });
    };
    const deadline = setTimeout(() => {
      const stage = statusCode === null ? 'waiting for the response' : 'reading the response body';
      finish({
        outcome: 'timeout',
        statusCode,
        responseBody: null,
        error: `timed out after ${options.timeoutMs} ms ${stage}`,
      });
    }, options.timeoutMs);
    const onAbort = () => finish({ outcome: 'aborted', statusCode, responseBody: null, error: 'aborted' });
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const url = new URL(options.url);
    const client = url.protocol === 'https:' ? https : http;
    req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          'user-agent': 'wagw-webhooks/1',
        },
        ...(options.guard && { lookup: guardedLookup as never }),
      },
      (res) => {
        statusCode = res.statusCode ?? null;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
          // Enough read: what is stored is capped anyway.
          if (size >= MAX_RESPONSE_BYTES) res.destroy();
        });
        // The status decides the outcome; a body cut short by the receiver does not change it.
        const done = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, STORED_RESPONSE_CHARS);
          const retryAfter = parseRetryAfter(res.headers['retry-after'], (options.now ?? Date.now)());
          const redirect =
            statusCode !== null && statusCode >= 300 && statusCode < 400
              ? `HTTP ${statusCode}: redirects are not followed${res.headers.location ? ` (to ${String(res.headers.location).slice(0, 200)})` : ''}`
              : null;
          finish({
            outcome: 'response',
            statusCode,
            responseBody: text.length > 0 ? text : null,
            responseHeaders: storedHeaders(res.headers),
            error: redirect,
            ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
          });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({
        outcome: err.code === BLOCKED_CODE ? 'refused' : 'network',
        ...nothing,
        error:
          err.code === BLOCKED_CODE ? `refused: ${err.message}` : `${err.code ?? 'ERROR'}: ${err.message}`,
      }),
    );
    req.end(options.body);
  });
}
