import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, MessageFailedError, WaitForStatusTimeoutError } from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

/** Serves a message whose status follows `statuses`, one step per poll, then stays on the last. */
async function serveStatuses(...statuses: string[]) {
  server = await startFakeServer((_req, res, i) => {
    const status = statuses[Math.min(i, statuses.length - 1)];
    const error =
      status === 'failed' ? { code: 'NOT_ON_WHATSAPP', message: 'The number is not on WhatsApp.' } : null;
    sendJson(res, 200, { id: 'msg_1', status, error });
  });
  return server;
}

describe('messages.send', () => {
  it('posts the message with an Idempotency-Key', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 202, { id: 'msg_1', status: 'queued' }));
    const message = await server
      .client()
      .messages.send('ses_1', { type: 'text', to: '+15551234567', text: 'Hi' });
    expect(message).toMatchObject({ id: 'msg_1', status: 'queued' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/ses_1/messages',
      json: { type: 'text', to: '+15551234567', text: 'Hi' },
    });
    expect(server.requests[0]!.headers['idempotency-key']).toBeTruthy();
  });
});

describe('messages.edit, revoke and forward', () => {
  it('post the send body of their type, with the message id', async () => {
    server = await startFakeServer((req, res) =>
      sendJson(res, 202, { id: `msg_${(req.json as { type: string }).type}`, status: 'queued' }),
    );
    const wagw = server.client();
    const edited = await wagw.messages.edit('ses_1', 'msg_1', { to: '+15551234567', text: 'Fixed' });
    await wagw.messages.revoke('ses_1', 'msg_1', { to: '+15551234567' }, { idempotencyKey: 'del-1' });
    await wagw.messages.forward('ses_1', 'msg_1', { to: '+15557654321' });
    expect(edited.id).toBe('msg_edit');
    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      [
        'POST',
        '/v1/sessions/ses_1/messages',
        { type: 'edit', to: '+15551234567', message_id: 'msg_1', text: 'Fixed' },
      ],
      ['POST', '/v1/sessions/ses_1/messages', { type: 'revoke', to: '+15551234567', message_id: 'msg_1' }],
      ['POST', '/v1/sessions/ses_1/messages', { type: 'forward', to: '+15557654321', message_id: 'msg_1' }],
    ]);
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    expect(server.requests[1]!.headers['idempotency-key']).toBe('del-1');
    expect(server.requests[2]!.headers['idempotency-key']).toBeTruthy();
  });

  it('reject with the coded error of a message that can no longer change', async () => {
    server = await startFakeServer((_req, res) =>
      sendError(res, 409, 'MESSAGE_NOT_EDITABLE', { message: 'Edits are allowed for 15 minutes.' }),
    );
    const error = await server
      .client({ maxRetries: 0 })
      .messages.edit('ses_1', 'msg_1', { to: '+15551234567', text: 'late' })
      .catch((e: unknown) => e);
    expect(ConflictError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 409, code: 'MESSAGE_NOT_EDITABLE' });
  });
});

describe('scheduled messages', () => {
  it('send_at schedules, cancel posts to the message, and waiting on a cancelled one rejects', async () => {
    server = await startFakeServer((_req, res, i) => {
      if (i === 0) {
        return sendJson(res, 202, { id: 'msg_1', status: 'scheduled', send_at: '2026-12-24T09:00:00.000Z' });
      }
      return sendJson(res, 200, { id: 'msg_1', status: 'cancelled', error: null });
    });
    const wagw = server.client();
    const later = await wagw.messages.send('ses_1', {
      type: 'text',
      to: '+15551234567',
      text: 'Merry Christmas',
      send_at: '2026-12-24T09:00:00Z',
    });
    expect(later.status).toBe('scheduled');
    expect((await wagw.messages.cancel('msg_1')).status).toBe('cancelled');
    const waited = await wagw.messages.waitForStatus('msg_1', 'sent').catch((e: unknown) => e);
    expect(MessageFailedError.is(waited)).toBe(true);
    expect((waited as Error).message).toMatch(/cancelled/);
    expect((await wagw.messages.waitForStatus('msg_1', 'cancelled')).status).toBe('cancelled');
    expect(
      server.requests.slice(0, 2).map((r) => [r.method, r.path, (r.json as { send_at?: string })?.send_at]),
    ).toEqual([
      ['POST', '/v1/sessions/ses_1/messages', '2026-12-24T09:00:00Z'],
      ['POST', '/v1/messages/msg_1/cancel', undefined],
    ]);
  });
});

describe('messages.sendFile', () => {
  it('posts a multipart form: the fields in order, then the file with its name and type', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 202, { id: 'msg_1', status: 'queued' }));
    const wagw = server.client();
    await wagw.messages.sendFile('ses_1', {
      type: 'image',
      to: '+15551234567',
      file: new TextEncoder().encode('pixels'),
      fileName: 'dot.png',
      contentType: 'image/png',
      caption: 'a dot',
      replyTo: 'msg_0',
    });
    await wagw.messages.sendFile('ses_1', {
      type: 'audio',
      to: '+15551234567',
      file: new Blob(['OggS'], { type: 'audio/ogg' }),
      voice: true,
    });
    const [image, voice] = server.requests;
    expect(image).toMatchObject({ method: 'POST', path: '/v1/sessions/ses_1/messages', json: undefined });
    expect(image!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(image!.headers['idempotency-key']).toBeTruthy();
    expect(formFields(image!.body)).toEqual([
      ['type', 'image'],
      ['to', '+15551234567'],
      ['caption', 'a dot'],
      ['reply_to', 'msg_0'],
      ['file', 'pixels'],
    ]);
    expect(image!.body).toContain('name="file"; filename="dot.png"\r\nContent-Type: image/png');
    expect(formFields(voice!.body)).toEqual([
      ['type', 'audio'],
      ['to', '+15551234567'],
      ['voice', 'true'],
      ['file', 'OggS'],
    ]);
    expect(voice!.body).toContain('filename="file"\r\nContent-Type: audio/ogg');
  });
});

/** The `[name, value]` of each part of a multipart body, in order. */
function formFields(body: string): Array<[string, string]> {
  const boundary = body.slice(0, body.indexOf('\r\n'));
  return body
    .split(boundary)
    .slice(1, -1)
    .map((part) => {
      const [head = '', value = ''] = part.split('\r\n\r\n');
      return [/name="([^"]+)"/.exec(head)?.[1] ?? '', value.replace(/\r\n$/, '')];
    });
}

describe('messages.waitForStatus', () => {
  it('resolves once the status is reached', async () => {
    await serveStatuses('queued', 'sent', 'delivered');
    const message = await server.client().messages.waitForStatus('msg_1', 'delivered', { intervalMs: 5 });
    expect(message.status).toBe('delivered');
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]!.path).toBe('/v1/messages/msg_1');
  });

  it('resolves on a later status than the awaited one', async () => {
    await serveStatuses('queued', 'read');
    const message = await server.client().messages.waitForStatus('msg_1', 'sent', { intervalMs: 5 });
    expect(message.status).toBe('read');
  });

  it('accepts several statuses, including failed', async () => {
    await serveStatuses('queued', 'failed');
    const message = await server
      .client()
      .messages.waitForStatus('msg_1', ['delivered', 'failed'], { intervalMs: 5 });
    expect(message.status).toBe('failed');
  });

  it('rejects with MessageFailedError when the message fails', async () => {
    await serveStatuses('queued', 'failed');
    const error = await server
      .client()
      .messages.waitForStatus('msg_1', 'delivered', { intervalMs: 5 })
      .catch((e: unknown) => e);
    expect(MessageFailedError.is(error)).toBe(true);
    const failed = error as MessageFailedError;
    expect(failed.lastMessage.error?.code).toBe('NOT_ON_WHATSAPP');
    expect(failed.message).toContain('NOT_ON_WHATSAPP');
  });

  it('rejects with WaitForStatusTimeoutError once timeoutMs has passed on the clock', async () => {
    // Only Date is faked, and each poll moves it 50 ms: the outcome depends on the clock the
    // deadline is measured on, not on how fast this machine answers.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      server = await startFakeServer((_req, res) => {
        vi.setSystemTime(Date.now() + 50);
        sendJson(res, 200, { id: 'msg_1', status: 'queued', error: null });
      });
      const error = await server
        .client()
        .messages.waitForStatus('msg_1', 'delivered', { timeoutMs: 150, intervalMs: 1 })
        .catch((e: unknown) => e);
      expect(WaitForStatusTimeoutError.is(error)).toBe(true);
      expect((error as WaitForStatusTimeoutError).lastMessage.status).toBe('queued');
      expect((error as WaitForStatusTimeoutError).expected).toEqual(['delivered']);
      // polled at +50 and +100 (time left), gave up on the answer that reached +150
      expect(server.requests).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
