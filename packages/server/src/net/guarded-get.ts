import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { AppError } from '../errors/app-error.js';
import { BLOCKED_CODE, guardedLookup, webhookUrlProblem } from '../webhooks/ssrf-guard.js';

export interface GuardedGetOptions {
  /** Refuse private, loopback and link-local targets, at every hop and at connect time. */
  guard: boolean;
  /** The whole fetch: connect, headers and body. */
  timeoutMs: number;
  maxRedirects?: number;
}

export interface Fetched {
  body: Readable;
  contentType: string | undefined;
  /** The last path segment of the final URL, when it has one. */
  fileName: string | null;
}

const failed = (url: string, why: string) =>
  new AppError('MEDIA_FETCH_FAILED', { message: `Could not fetch ${url}: ${why}.`, param: 'media.url' });

/**
 * GETs a URL for the server (a file to send): the SSRF guard checks each URL, redirects included
 * (at most `maxRedirects`, each checked again), and every address connected to. The body is
 * streamed; past `timeoutMs` it is cut with MEDIA_FETCH_FAILED, and the caller bounds its size.
 */
export function guardedGet(url: string, options: GuardedGetOptions): Promise<Fetched> {
  const deadline = Date.now() + options.timeoutMs;
  const hop = (target: string, redirectsLeft: number): Promise<Fetched> =>
    new Promise((resolve, reject) => {
      const problem = webhookUrlProblem(target, !options.guard);
      if (problem) {
        reject(
          new AppError('MEDIA_URL_NOT_ALLOWED', { message: `Media URL ${problem}.`, param: 'media.url' }),
        );
        return;
      }
      const parsed = new URL(target);
      const client = parsed.protocol === 'https:' ? https : http;
      const req = client.get(
        parsed,
        {
          headers: { 'user-agent': 'wagw-media/1', accept: '*/*' },
          ...(options.guard && { lookup: guardedLookup as never }),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location) {
            res.resume();
            clearTimeout(timer);
            if (redirectsLeft <= 0) return reject(failed(url, 'too many redirects'));
            return resolve(hop(new URL(res.headers.location, target).href, redirectsLeft - 1));
          }
          if (status < 200 || status >= 300) {
            res.resume();
            clearTimeout(timer);
            return reject(failed(url, `it answered HTTP ${status}`));
          }
          // The deadline now cuts the body: the caller's read of it fails with this error.
          clearTimeout(timer);
          const bodyTimer = setTimeout(
            () => res.destroy(failed(url, `not read within ${options.timeoutMs} ms`)),
            Math.max(0, deadline - Date.now()),
          );
          res.once('close', () => clearTimeout(bodyTimer));
          const name = decodeURIComponent(parsed.pathname.split('/').pop() ?? '');
          resolve({ body: res, contentType: res.headers['content-type'], fileName: name || null });
        },
      );
      const timer = setTimeout(
        () => req.destroy(failed(url, `no answer within ${options.timeoutMs} ms`)),
        Math.max(0, deadline - Date.now()),
      );
      req.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (error instanceof AppError) return reject(error);
        if (error.code === BLOCKED_CODE) {
          return reject(
            new AppError('MEDIA_URL_NOT_ALLOWED', { message: error.message, param: 'media.url' }),
          );
        }
        reject(failed(url, error.message));
      });
    });
  return hop(url, options.maxRedirects ?? 3);
}
