import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { APIConnectionError, APIError, WagwError } from './errors.js';
import type { QueryParams, RequestOptions, Transport } from './request.js';
import { retryDelayMs, sleep } from './retry.js';

export interface StreamOptions extends Pick<RequestOptions, 'headers' | 'timeoutMs'> {
  /** Resume after this id (the `id` of the last item you handled); absent: from now on. */
  lastEventId?: string | undefined;
  /** Ends the stream: the iteration then returns quietly. */
  signal?: AbortSignal | undefined;
  /**
   * Called each time the server has answered and the stream is open (first connect and every
   * reconnect): from then on, no event is missed.
   */
  onOpen?: ((info: { lastEventId: string | undefined; reconnect: boolean }) => void) | undefined;
  /**
   * Called before each reconnect after the connection dropped, with the error (if any) and the
   * id it resumes after.
   */
  onReconnect?:
    | ((info: { error: unknown; lastEventId: string | undefined; delayMs: number }) => void)
    | undefined;
}

/**
 * Retried with a reconnect: a connection that failed or dropped (the body's read failing too),
 * timeouts, 408, 429 and 5xx. Other API errors (401, 404 for an unknown cursor, …) end the stream.
 */
function isTransient(error: unknown): boolean {
  if (APIError.is(error)) return error.status === 408 || error.status === 429 || error.status >= 500;
  if (APIConnectionError.is(error)) return true;
  return !WagwError.is(error) && !(error instanceof SyntaxError);
}

/**
 * Reads a Server-Sent Events endpoint as an async iterator of parsed `data`, reconnecting with
 * `Last-Event-ID` after a dropped connection (with backoff), so no item is missed or repeated.
 */
export async function* sseStream<T>(
  transport: Transport,
  path: string,
  query: QueryParams,
  options: StreamOptions = {},
): AsyncGenerator<T, void> {
  const { signal } = options;
  let lastEventId = options.lastEventId;
  let failures = 0;
  let serverRetryMs: number | undefined;
  let opened = false;
  while (!signal?.aborted) {
    let error: unknown;
    try {
      const response = await transport.openStream(
        { path, query },
        {
          lastEventId,
          ...(signal && { signal }),
          ...(options.headers && { headers: options.headers }),
          ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        },
      );
      failures = 0;
      options.onOpen?.({ lastEventId, reconnect: opened });
      opened = true;
      const onRetry = (ms: number) => {
        serverRetryMs = ms;
      };
      for await (const message of messages(response, onRetry, signal)) {
        if (message.id !== undefined) lastEventId = message.id;
        yield JSON.parse(message.data) as T;
      }
    } catch (caught) {
      if (signal?.aborted) return;
      if (!isTransient(caught)) throw caught;
      error = caught;
    }
    if (signal?.aborted) return;
    const delayMs =
      error === undefined ? (serverRetryMs ?? 1000) : retryDelayMs(failures++, null) + (serverRetryMs ?? 0);
    options.onReconnect?.({ error, lastEventId, delayMs });
    try {
      await sleep(delayMs, signal);
    } catch {
      return;
    }
  }
}

/**
 * The messages of one response body, as they arrive. An abort of `signal` cancels the read itself:
 * fetch's own link from the signal to the body is not enough, since Node can lose it once the
 * request object has been garbage-collected (nodejs/undici#3644), and a stream would then run on
 * until the server ended it.
 */
async function* messages(
  response: Response,
  onRetry: (ms: number) => void,
  signal: AbortSignal | undefined,
): AsyncGenerator<EventSourceMessage, void> {
  if (!response.body) return;
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (m) => queue.push(m), onRetry });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) return;
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length > 0) yield queue.shift()!;
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
}
