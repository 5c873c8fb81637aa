import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const contact = (id: string) => ({
  id,
  object: 'contact',
  session_id: 'ses_1',
  phone: id,
  lid: null,
  name: null,
  blocked: false,
  updated_at: '2026-11-22T10:00:00.000Z',
});

describe('contacts and lids', () => {
  it('list pages with starting_after = the last id and passes q', async () => {
    server = await startFakeServer((req, res) =>
      req.query.has('starting_after')
        ? sendJson(res, 200, { data: [contact('+447700900124')], has_more: false })
        : sendJson(res, 200, { data: [contact('+447700900123')], has_more: true }),
    );
    const ids: string[] = [];
    for await (const c of server.client().contacts.list('ses_1', { q: 'ada', limit: 1 })) ids.push(c.id);
    expect(ids).toEqual(['+447700900123', '+447700900124']);
    expect(server.requests.map((r) => r.query.toString())).toEqual([
      'q=ada&limit=1',
      'q=ada&limit=1&starting_after=%2B447700900123',
    ]);
  });

  it('get encodes the contact; an unknown one is a NotFoundError', async () => {
    server = await startFakeServer((_req, res) => sendError(res, 404, 'CONTACT_NOT_FOUND'));
    const error = await server
      .client()
      .contacts.get('ses_1', '+447700900123')
      .catch((e: unknown) => e);
    expect(NotFoundError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: 'CONTACT_NOT_FOUND' });
    expect(server.requests[0]?.path).toBe('/v1/sessions/ses_1/contacts/%2B447700900123');
  });

  it('check posts the numbers and answers the results; SESSION_NOT_CONNECTED is a ConflictError', async () => {
    const results = [{ phone: '+447700900123', on_whatsapp: true, lid: '1@lid' }];
    server = await startFakeServer((_req, res) => sendJson(res, 200, { data: results }));
    expect(await server.client().contacts.check('ses_1', ['+447700900123'])).toEqual(results);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/ses_1/contacts/check',
      json: { phones: ['+447700900123'] },
    });
    await server.close();
    server = await startFakeServer((_req, res) => sendError(res, 409, 'SESSION_NOT_CONNECTED'));
    const error = await server
      .client()
      .contacts.check('ses_1', ['+447700900123'])
      .catch((e: unknown) => e);
    expect(ConflictError.is(error)).toBe(true);
  });

  it('block and unblock post to their routes', async () => {
    server = await startFakeServer((req, res) =>
      sendJson(res, 200, { ...contact('+447700900123'), blocked: req.path.endsWith('/block') }),
    );
    expect((await server.client().contacts.block('ses_1', '123@lid')).blocked).toBe(true);
    expect((await server.client().contacts.unblock('ses_1', '123@lid')).blocked).toBe(false);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/sessions/ses_1/contacts/123%40lid/block',
      'POST /v1/sessions/ses_1/contacts/123%40lid/unblock',
    ]);
  });

  it('lids: list by LID, get a LID, and the LID of a phone number', async () => {
    const mapping = { id: '1@lid', object: 'lid_mapping', lid: '1@lid', phone: '+447700900123' };
    server = await startFakeServer((req, res) =>
      req.path.endsWith('/lids')
        ? sendJson(res, 200, { data: [mapping], has_more: false })
        : sendJson(res, 200, mapping),
    );
    const wagw = server.client();
    expect((await wagw.lids.list('ses_1')).data).toEqual([mapping]);
    expect(await wagw.lids.get('ses_1', '1@lid')).toEqual(mapping);
    expect(await wagw.lids.byPhone('ses_1', '+447700900123')).toEqual(mapping);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/v1/sessions/ses_1/lids',
      '/v1/sessions/ses_1/lids/1%40lid',
      '/v1/sessions/ses_1/lids/pn/%2B447700900123',
    ]);
  });
});
