import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError } from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

describe('broadcasts', () => {
  it('create, get, recipients, pause, resume and cancel hit their routes', async () => {
    server = await startFakeServer((_req, res, i) =>
      i === 3
        ? sendJson(res, 200, {
            data: [{ position: 0, to: '+15551234567', state: 'queued' }],
            has_more: false,
          })
        : sendJson(res, i === 0 ? 201 : 200, { id: 'brd_1', object: 'broadcast', status: 'running' }),
    );
    const wagw = server.client();
    const csv = 'phone,name\n+15551234567,Ada\n';
    await wagw.broadcasts.create({
      session_id: 'ses_1',
      message: { type: 'text', text: 'Hi {{name}}' },
      csv,
    });
    await wagw.broadcasts.get('brd_1');
    await wagw.broadcasts.pause('brd_1');
    const page = await wagw.broadcasts.recipients('brd_1', { limit: 50, after: 9 });
    await wagw.broadcasts.resume('brd_1');
    await wagw.broadcasts.cancel('brd_1');
    expect(page.data[0]?.to).toBe('+15551234567');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/broadcasts',
      'GET /v1/broadcasts/brd_1',
      'POST /v1/broadcasts/brd_1/pause',
      'GET /v1/broadcasts/brd_1/recipients',
      'POST /v1/broadcasts/brd_1/resume',
      'POST /v1/broadcasts/brd_1/cancel',
    ]);
    expect(server.requests[0]!.json).toMatchObject({ session_id: 'ses_1', csv });
    expect(server.requests[0]!.headers['idempotency-key']).toBeTruthy();
    expect(server.requests[3]!.query.get('after')).toBe('9');
  });

  it('a refused CSV throws BadRequestError with the server message', async () => {
    server = await startFakeServer((_req, res) =>
      sendError(res, 400, 'VALIDATION_FAILED', {
        message: '1 recipient cannot be sent to: row 3: …',
        param: 'csv',
      }),
    );
    const error = await server
      .client({ maxRetries: 0 })
      .broadcasts.create({ session_id: 'ses_1', message: { type: 'text', text: 'x' }, csv: 'phone\nx\n' })
      .catch((e: unknown) => e);
    expect(BadRequestError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'csv' });
  });
});
