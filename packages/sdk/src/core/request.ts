import ky, { type KyInstance } from 'ky';
import { VERSION } from '../version.js';
import {
  APIConnectionError,
  APIError,
  type APIErrorBody,
  APITimeoutError,
  APIUserAbortError,
  WagwError,
} from './errors.js';
import { IDEMPOTENCY_HEADER, resolveIdempotencyKey } from './idempotency.js';
import { retryDelayMs, sleep } from './retry.js';

/** Per-call options accepted by every method as its last argument. */
export interface RequestOptions {
  /**
   * `Idempotency-Key` for a POST. Defaults to a random key, reused across the automatic retries of
   * that call; pass your own to make retries of your own (a job re-run, say) safe as well.
   */
  idempotencyKey?: string;
  /** Aborts the call, including pending retries, with an `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export interface TransportConfig {
  baseUrl: string;
  /** Absent: requests go without `Authorization` (the public calls). */
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  method: HttpMethod;
  /** Relative to `baseUrl`, without a leading slash: `v1/sessions`. Build it with `path`. */
  path: string;
  query?: QueryParams | undefined;
  body?: unknown;
  /** `bytes` returns the body as a `Uint8Array`; default `json`. */
  responseType?: 'json' | 'bytes';
}

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: WagwError; retryable: boolean; retryAfter: string | null };

/** Builds a request path, percent-encoding every interpolated value. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]!) : ''),
    '',
  );
}

/**
 * Sends requests through ky and turns the outcome into values or typed errors. ky's own retry is
 * off: retrying here lets a 409 be retried only for `IDEMPOTENCY_REQUEST_IN_PROGRESS` (which needs
 * the body) and lets POSTs be retried, which is safe because each carries one Idempotency-Key.
 */
export class Transport {
  readonly #config: TransportConfig;
  readonly #ky: KyInstance;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#ky = ky.create({
      prefixUrl: config.baseUrl,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
  }

  async request<T>(spec: RequestSpec, options: RequestOptions = {}): Promise<T> {
    const headers = new Headers({
      Accept: spec.responseType === 'bytes' ? '*/*' : 'application/json',
      'User-Agent': `wagw-sdk-js/${VERSION}`,
      ...this.#config.headers,
      ...options.headers,
      ...(this.#config.apiKey !== undefined && { Authorization: `Bearer ${this.#config.apiKey}` }),
    });
    if (spec.method === 'POST') {
      headers.set(IDEMPOTENCY_HEADER, resolveIdempotencyKey(options.idempotencyKey));
    }
    const maxRetries = options.maxRetries ?? this.#config.maxRetries;
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;

    for (let retry = 0; ; retry++) {
      const attempt = await this.#attempt<T>(spec, headers, timeoutMs, options.signal);
      if (attempt.ok) return attempt.value;
      if (!attempt.retryable || retry >= maxRetries) throw attempt.error;
      try {
        await sleep(retryDelayMs(retry, attempt.retryAfter), options.signal);
      } catch (reason) {
        throw new APIUserAbortError(undefined, { cause: reason });
      }
    }
  }

  /**
   * Opens a streaming GET (Server-Sent Events) and returns the response with its body unread; a
   * non-2xx answer becomes the usual typed error. The timeout covers only the wait for the
   * headers. One attempt: a stream's reconnect policy is its reader's (`sse-stream.ts`).
   */
  async openStream(
    spec: Pick<RequestSpec, 'path' | 'query'>,
    options: RequestOptions & { lastEventId?: string | undefined } = {},
  ): Promise<Response> {
    const headers = new Headers({
      Accept: 'text/event-stream',
      'User-Agent': `wagw-sdk-js/${VERSION}`,
      ...this.#config.headers,
      ...options.headers,
      ...(this.#config.apiKey !== undefined && { Authorization: `Bearer ${this.#config.apiKey}` }),
      ...(options.lastEventId !== undefined && { 'Last-Event-ID': options.lastEventId }),
    });
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    // The user's signal keeps governing the body; the timeout only the wait for the headers.
    const headersSignal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const body = new AbortController();
    const onHeadersAbort = () => body.abort(headersSignal.reason);
    headersSignal.addEventListener('abort', onHeadersAbort, { once: true });
    try {
      const response = await this.#ky(spec.path, {
        method: 'GET',
        headers,
        signal: body.signal,
        ...(spec.query ? { searchParams: toSearchParams(spec.query) } : {}),
      });
      headersSignal.removeEventListener('abort', onHeadersAbort);
      options.signal?.addEventListener('abort', () => body.abort(options.signal?.reason), { once: true });
      if (!response.ok) throw await toAPIError(response);
      return response;
    } catch (cause) {
      if (WagwError.is(cause)) throw cause;
      throw classifyFailure(cause, options.signal, timeout.signal, timeoutMs).error;
    } finally {
      clearTimeout(timer);
    }
  }

  async #attempt<T>(
    spec: RequestSpec,
    headers: Headers,
    timeoutMs: number,
    userSignal: AbortSignal | undefined,
  ): Promise<Attempt<T>> {
    // Our own timer rather than ky's: it also covers reading the body, not only the headers.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = userSignal ? AbortSignal.any([userSignal, timeout.signal]) : timeout.signal;
    try {
      const response = await this.#ky(spec.path, {
        method: spec.method,
        headers,
        signal,
        ...(spec.query ? { searchParams: toSearchParams(spec.query) } : {}),
        ...(spec.body instanceof FormData
          ? { body: spec.body }
          : spec.method === 'POST' || spec.method === 'PATCH'
            ? { json: spec.body ?? {} }
            : {}),
      });
      if (response.ok) return { ok: true, value: (await readBody(response, spec.responseType)) as T };
      const error = await toAPIError(response);
      return {
        ok: false,
        error,
        retryable: isRetryable(error),
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (cause) {
      return {
        ok: false,
        ...classifyFailure(cause, userSignal, timeout.signal, timeoutMs),
        retryAfter: null,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A request that got no usable response: who stopped it decides whether to retry. */
function classifyFailure(
  cause: unknown,
  userSignal: AbortSignal | undefined,
  timeoutSignal: AbortSignal,
  timeoutMs: number,
): { error: WagwError; retryable: boolean } {
  if (WagwError.is(cause)) return { error: cause, retryable: false };
  if (userSignal?.aborted) return { error: new APIUserAbortError(undefined, { cause }), retryable: false };
  if (timeoutSignal.aborted) {
    return {
      error: new APITimeoutError(`Request timed out after ${timeoutMs} ms.`, { cause }),
      retryable: true,
    };
  }
  return { error: new APIConnectionError(undefined, { cause }), retryable: true };
}

function toSearchParams(query: QueryParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return params;
}

async function readBody(response: Response, type: RequestSpec['responseType']): Promise<unknown> {
  if (type === 'bytes') return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WagwError(`The response (status ${response.status}) is not valid JSON.`, { cause });
  }
}

async function toAPIError(response: Response): Promise<APIError> {
  const text = await response.text();
  const body = parseErrorBody(text);
  const message =
    body?.message ?? (text.trim().slice(0, 200) || `${response.status} ${response.statusText}`.trim());
  return APIError.generate(response.status, body, message, response.headers);
}

function parseErrorBody(text: string): APIErrorBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const error =
    typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, request_id, param, details } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return {
    // A code newer than this SDK still comes through as sent; the type covers the known ones.
    code: code as APIErrorBody['code'],
    message,
    ...(typeof request_id === 'string' ? { request_id } : {}),
    ...(typeof param === 'string' ? { param } : {}),
    ...(typeof details === 'object' && details !== null
      ? { details: details as Record<string, unknown> }
      : {}),
  };
}

function isRetryable(error: APIError): boolean {
  if (error.status === 409) return error.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  return error.status === 408 || error.status === 429 || error.status >= 500;
}
