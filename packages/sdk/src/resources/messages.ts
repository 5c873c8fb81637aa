import { APIUserAbortError, MessageFailedError, WaitForStatusTimeoutError } from '../core/errors.js';
import type { PagePromise } from '../core/pagination.js';
import { path, type QueryParams, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import { sleep } from '../core/retry.js';
import type {
  Message,
  MessageEditParams,
  MessageExportParams,
  MessageForwardParams,
  MessageListParams,
  MessageRevokeParams,
  MessageSendParams,
  MessageStatus,
} from '../types.js';
import type { MessageSendFileParams } from '../types-media.js';

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

  /**
   * Sends a file message with its file in one request (multipart/form-data), instead of
   * `media.upload` then `send` with `media: {id}`. The server stores the file as an upload, types
   * it from its bytes, and removes it again if the message is refused.
   *
   * @example
   * const photo = await fs.openAsBlob('photo.jpg');
   * await wagw.messages.sendFile(sessionId, { type: 'image', to, file: photo, fileName: 'photo.jpg', caption: 'Our shop' });
   */
  sendFile(sessionId: string, params: MessageSendFileParams, options?: RequestOptions): Promise<Message> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/messages`, body: fileForm(params) },
      options,
    );
  }

  /**
   * Changes the text (or the caption of an image, video or document) of a message this session
   * sent to `to`, within 15 minutes of sending it (else `MESSAGE_NOT_EDITABLE`, 409). Returns the
   * `edit` message that carries the change; the original gets the new text and `edited_at` once
   * the edit is sent.
   *
   * @example
   * await wagw.messages.edit(sessionId, 'msg_…', { to: '+15551234567', text: 'See you at 8' });
   */
  edit(
    sessionId: string,
    messageId: string,
    params: MessageEditParams,
    options?: RequestOptions,
  ): Promise<Message> {
    return this.send(sessionId, { ...params, type: 'edit', message_id: messageId }, options);
  }

  /**
   * Deletes a message this session sent to `to` for everyone, within 60 hours of sending it (else
   * `MESSAGE_NOT_REVOCABLE`, 409). Named after the wire type `revoke`; the stored message stays,
   * with `revoked_at` once the deletion is sent.
   *
   * @example
   * await wagw.messages.revoke(sessionId, 'msg_…', { to: '+15551234567' });
   */
  revoke(
    sessionId: string,
    messageId: string,
    params: MessageRevokeParams,
    options?: RequestOptions,
  ): Promise<Message> {
    return this.send(sessionId, { ...params, type: 'revoke', message_id: messageId }, options);
  }

  /**
   * Sends a copy of any message of the session (from any chat) to `to`. The new message has the
   * original's type and `forwarded: true`.
   *
   * @example
   * await wagw.messages.forward(sessionId, 'msg_…', { to: '+15557654321' });
   */
  forward(
    sessionId: string,
    messageId: string,
    params: MessageForwardParams,
    options?: RequestOptions,
  ): Promise<Message> {
    return this.send(sessionId, { ...params, type: 'forward', message_id: messageId }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Message> {
    return this.transport.request({ method: 'GET', path: path`v1/messages/${id}` }, options);
  }

  /**
   * Cancels a message that is `scheduled` (sent with `send_at`), or `queued` and not yet handed to
   * WhatsApp: it becomes `cancelled` and is never sent. Later than that: `MESSAGE_NOT_CANCELLABLE`
   * (409), since it is or may be out.
   *
   * @example
   * const later = await wagw.messages.send(sessionId, { type: 'text', to, text: 'Hi', send_at: '2026-12-24T09:00:00Z' });
   * await wagw.messages.cancel(later.id);
   */
  cancel(id: string, options?: RequestOptions): Promise<Message> {
    return this.transport.request({ method: 'POST', path: path`v1/messages/${id}/cancel` }, options);
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
   * or is cancelled (unless that is awaited) and with `WaitForStatusTimeoutError` after `timeoutMs`.
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
      if (message.status === 'failed' || message.status === 'cancelled') {
        if (!expected.includes(message.status)) throw new MessageFailedError(message);
      }
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

/** The form of `sendFile`: the fields first (the server reads them before the file), then `file`. */
function fileForm(params: MessageSendFileParams): FormData {
  const form = new FormData();
  form.append('type', params.type);
  form.append('to', params.to);
  if ('caption' in params && params.caption !== undefined) form.append('caption', params.caption);
  if ('voice' in params && params.voice !== undefined) form.append('voice', String(params.voice));
  if (params.replyTo !== undefined) form.append('reply_to', params.replyTo);
  form.append('file', toBlob(params.file, params.contentType), params.fileName ?? 'file');
  return form;
}

// As `media.upload`: a Blob keeps its own type unless one is given; bytes default to octet-stream.
function toBlob(file: Blob | Uint8Array, type: string | undefined): Blob {
  if (file instanceof Blob) return type ? new Blob([file], { type }) : file;
  return new Blob([file as Uint8Array<ArrayBuffer>], { type: type ?? 'application/octet-stream' });
}

function hasReached(current: MessageStatus, expected: readonly MessageStatus[]): boolean {
  const rank = PROGRESS[current];
  return expected.some(
    (s) => s === current || (rank !== undefined && rank >= (PROGRESS[s] ?? Number.POSITIVE_INFINITY)),
  );
}
