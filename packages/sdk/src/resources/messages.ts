import { APIUserAbortError, MessageFailedError, WaitForStatusTimeoutError } from '../core/errors.js';
import type { PagePromise } from '../core/pagination.js';
import { path, type QueryParams, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import { sleep } from '../core/retry.js';
import type {
  Message,
  MessageExportParams,
  MessageListParams,
  MessageSendParams,
  MessageStatus,
} from '../types.js';

export interface WaitForStatusOptions {
  /** Give up after this long. Default 60 000. */
  timeoutMs?: number;
  /** Time between polls. Default 1 000. */
  intervalMs?: number;
  signal?: AbortSignal;
}

// Outbound progress; a message that reached `read` was also delivered and sent.
const PROGRESS: Partial<Record<MessageStatus, number>> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/** `wagw.messages`: send messages and follow their delivery. */
export class Messages extends APIResource {
  /**
   * Queues a message (202). Retries reuse one `Idempotency-Key`, so a message is never sent twice;
   * pass `idempotencyKey` to extend that to your own retries.
   *
   * @example
   * const message = await wagw.messages.send(session.id, { type: 'text', to: '+15551234567', text: 'Hi' });
   */
  send(sessionId: string, params: MessageSendParams, options?: RequestOptions): Promise<Message> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/messages`, body: params },
      options,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Message> {
    return this.transport.request({ method: 'GET', path: path`v1/messages/${id}` }, options);
  }

  /** Lists a session's messages, newest first. */
  list(sessionId: string, params?: MessageListParams, options?: RequestOptions): PagePromise<Message> {
    return this.paginate(path`v1/sessions/${sessionId}/messages`, params, options);
  }

  /**
   * A session's messages as JSON Lines (default) or CSV bytes, oldest first, with the list's
   * filters (`chat`, `since`, `until`, `q`, …). The server streams it; this returns all of it.
   *
   * @example
   * await writeFile('chat.csv', await wagw.messages.export(sessionId, { format: 'csv', chat: '+15551234567' }));
   */
  export(sessionId: string, params?: MessageExportParams, options?: RequestOptions): Promise<Uint8Array> {
    return this.transport.request(
      {
        method: 'GET',
        path: path`v1/sessions/${sessionId}/messages/export`,
        ...(params && { query: params as QueryParams }),
        responseType: 'bytes',
      },
      options,
    );
  }

  /**
   * Polls the message until it reaches `status` (or one of several) or a later step of
   * queued → sent → delivered → read. Rejects with `MessageFailedError` when the message fails
   * (unless `failed` is awaited) and with `WaitForStatusTimeoutError` after `timeoutMs`.
   *
   * @example
   * const sent = await wagw.messages.send(sessionId, { type: 'text', to, text: 'Hi' });
   * await wagw.messages.waitForStatus(sent.id, 'delivered', { timeoutMs: 30_000 });
   */
  async waitForStatus(
    id: string,
    status: MessageStatus | readonly MessageStatus[],
    options: WaitForStatusOptions = {},
  ): Promise<Message> {
    const expected: readonly MessageStatus[] = typeof status === 'string' ? [status] : status;
    const { timeoutMs = 60_000, intervalMs = 1_000, signal } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.get(id, signal ? { signal } : undefined);
      if (hasReached(message.status, expected)) return message;
      if (message.status === 'failed') throw new MessageFailedError(message);
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitForStatusTimeoutError(message, expected, timeoutMs);
      try {
        await sleep(Math.min(intervalMs, left), signal);
      } catch (reason) {
        throw new APIUserAbortError(undefined, { cause: reason });
      }
    }
  }
}

function hasReached(current: MessageStatus, expected: readonly MessageStatus[]): boolean {
  const rank = PROGRESS[current];
  return expected.some(
    (s) => s === current || (rank !== undefined && rank >= (PROGRESS[s] ?? Number.POSITIVE_INFINITY)),
  );
}
