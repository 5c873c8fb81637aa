import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

const ADA = '+447700900123';
const BOB = '+447700900124';
const enc = encodeURIComponent;

describe.each(testDialects())('contacts and LIDs on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  let tenantId: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
    tenantId = (await s.gateway.storage.sessions.getById(session))!.tenantId;
  });
  afterAll(() => s.close());

  const get = (path: string, key?: string) =>
    s.request('GET', `/v1/sessions/${session}${path}`, key === undefined ? {} : { key });
  const post = (path: string, body?: unknown) =>
    s.request('POST', `/v1/sessions/${session}${path}`, body === undefined ? {} : { body });

  it('lists, pages, filters and gets stored contacts by phone or LID', async () => {
    const at = Date.now();
    await s.gateway.contacts.learn(tenantId, session, { lid: '111@lid', phone: ADA, name: 'Ada' }, at);
    await s.gateway.contacts.learn(tenantId, session, { phone: BOB, name: 'Bob' }, at);
    await s.gateway.contacts.learn(tenantId, session, { lid: '222@lid' }, at);

    const all = await get('/contacts');
    expect(all.status).toBe(200);
    expect(all.body.has_more).toBe(false);
    expect(all.body.data).toEqual([
      {
        id: ADA,
        object: 'contact',
        session_id: session,
        phone: ADA,
        lid: '111@lid',
        name: 'Ada',
        blocked: false,
        updated_at: new Date(at).toISOString(),
      },
      expect.objectContaining({ id: BOB, phone: BOB, lid: null, name: 'Bob' }),
      expect.objectContaining({ id: '222@lid', phone: null, lid: '222@lid', name: null }),
    ]);

    const first = await get('/contacts?limit=2');
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual([ADA, BOB]);
    expect(first.body.has_more).toBe(true);
    const rest = await get(`/contacts?limit=2&starting_after=${enc(BOB)}`);
    expect(rest.body).toMatchObject({ data: [{ id: '222@lid' }], has_more: false });

    expect((await get('/contacts?q=aDA')).body.data.map((c: { id: string }) => c.id)).toEqual([ADA]);
    expect((await get('/contacts?q=900124')).body.data.map((c: { id: string }) => c.id)).toEqual([BOB]);
    expect((await get('/contacts?q=50%25')).body.data).toEqual([]);

    expect((await get(`/contacts/${enc('+44 7700 900123')}`)).body).toMatchObject({ id: ADA, name: 'Ada' });
    expect((await get('/contacts/222@lid')).body).toMatchObject({ id: '222@lid', phone: null });
    const unknown = await get(`/contacts/${enc('+447700900999')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CONTACT_NOT_FOUND');
    const bad = await get('/contacts/nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_PHONE_NUMBER', param: 'contact' });
  });

  it('a learned LID merges a phone-only contact; a moved number leaves its old LID', async () => {
    await s.gateway.contacts.learn(tenantId, session, { lid: '333@lid', phone: BOB }, Date.now());
    expect((await get(`/contacts/${enc(BOB)}`)).body).toMatchObject({ lid: '333@lid', name: 'Bob' });
    await s.gateway.contacts.learn(tenantId, session, { lid: '444@lid', phone: BOB }, Date.now());
    expect((await get(`/contacts/${enc(BOB)}`)).body).toMatchObject({ lid: '444@lid', name: null });
    expect((await get('/contacts/333@lid')).body).toMatchObject({ phone: null, name: 'Bob' });
  });

  it('answers LID ↔ phone lookups, and LID_NOT_FOUND when unknown', async () => {
    const list = await get('/lids');
    expect(list.body).toEqual({
      data: [
        { id: '111@lid', object: 'lid_mapping', lid: '111@lid', phone: ADA },
        { id: '444@lid', object: 'lid_mapping', lid: '444@lid', phone: BOB },
      ],
      has_more: false,
    });
    const paged = await get('/lids?limit=1&starting_after=111@lid');
    expect(paged.body).toMatchObject({ data: [{ lid: '444@lid' }], has_more: false });
    expect((await get('/lids/111@lid')).body).toEqual({
      id: '111@lid',
      object: 'lid_mapping',
      lid: '111@lid',
      phone: ADA,
    });
    expect((await get(`/lids/pn/${enc('+44 7700 900123')}`)).body).toMatchObject({ lid: '111@lid' });
    for (const path of ['/lids/222@lid', '/lids/999@lid', `/lids/pn/${enc('+447700900999')}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('LID_NOT_FOUND');
    }
    expect((await get('/lids/12345')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'lid' });
    expect((await get('/lids/pn/nope')).body.error).toMatchObject({ code: 'INVALID_PHONE_NUMBER' });
    expect((await get('/lids?starting_after=nope')).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('announces each change as contact.updated, once', async () => {
    await s.gateway.contacts.learn(
      tenantId,
      session,
      { lid: '111@lid', phone: ADA, name: 'Ada' },
      Date.now(),
    );
    const events = await s.request('GET', `/v1/events?session_id=${session}&type=contact.updated&limit=100`);
    const ofAda = events.body.data.filter((e: { data: { id: string } }) => e.data.id === ADA);
    expect(ofAda).toHaveLength(1);
    expect(ofAda[0].data).toMatchObject({ lid: '111@lid', name: 'Ada', changed: ['phone', 'lid', 'name'] });
    const moved = events.body.data.find(
      (e: { data: { lid: string; changed: string[] } }) =>
        e.data.lid === '333@lid' && e.data.changed[0] === 'phone',
    );
    expect(moved.data).toMatchObject({ id: '333@lid', phone: null, changed: ['phone'] });
  });

  it('checks numbers through the session: LIDs learned are stored; bad input gets coded 400s', async () => {
    const res = await post('/contacts/check', {
      phones: ['+14155550100', '+1 415 555 0003', '+14155550100'],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { phone: '+14155550100', on_whatsapp: true, lid: expect.stringMatching(/^\d{15}@lid$/) },
      { phone: '+14155550003', on_whatsapp: false, lid: null },
    ]);
    const again = await post('/contacts/check', { phones: ['+14155550100'] });
    expect(again.body.data[0].lid).toBe(res.body.data[0].lid);
    expect((await get('/contacts/+14155550100')).body).toMatchObject({ lid: res.body.data[0].lid });
    expect((await get('/contacts/+14155550003')).status).toBe(404);

    const tooMany = await post('/contacts/check', {
      phones: Array.from({ length: 51 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'phones' });
    expect((await post('/contacts/check', { phones: [] })).body.error.code).toBe('VALIDATION_FAILED');
    const bad = await post('/contacts/check', { phones: ['+14155550100', 'nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_PHONE_NUMBER', param: 'phones.1' });
  });

  it('blocks and unblocks: stored on the contact, and a blocked contact no longer reaches the session', async () => {
    const ECHO = '+14155550004';
    const blocked = await post(`/contacts/${enc(ECHO)}/block`);
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ id: ECHO, phone: ECHO, blocked: true });
    expect((await get(`/contacts/${ECHO}`)).body.blocked).toBe(true);

    const inbound = async () =>
      (await get(`/messages?direction=inbound&chat=${enc(ECHO)}`)).body.data.length as number;
    const sent = await post('/messages', { type: 'text', to: ECHO, text: 'are you there?' });
    await eventually(async () =>
      (await s.request('GET', `/v1/messages/${sent.body.id}`)).body.status === 'read' ? true : undefined,
    );
    expect(await inbound()).toBe(0);

    const unblocked = await post(`/contacts/${enc(ECHO)}/unblock`);
    expect(unblocked.body).toMatchObject({ id: ECHO, blocked: false });
    await post('/messages', { type: 'text', to: ECHO, text: 'and now?' });
    await eventually(async () => ((await inbound()) === 1 ? true : undefined));

    const events = await s.request('GET', `/v1/events?session_id=${session}&type=contact.updated&limit=100`);
    const changes = events.body.data
      .filter((e: { data: { id: string } }) => e.data.id === ECHO)
      .map((e: { data: { blocked: boolean; changed: string[] } }) => [e.data.blocked, e.data.changed]);
    expect(changes).toEqual(
      expect.arrayContaining([
        [true, ['phone', 'blocked']],
        [false, ['blocked']],
      ]),
    );
    expect((await post('/contacts/nope/block')).body.error).toMatchObject({ code: 'INVALID_PHONE_NUMBER' });
    const absent = await post(`/contacts/${enc('+14155550003')}/block`);
    expect(absent.status).toBe(422);
    expect(absent.body.error.code).toBe('NOT_ON_WHATSAPP');
  });

  it("another tenant's session is not found", async () => {
    const globex = await s.tenant('globex');
    for (const path of [
      '/contacts',
      `/contacts/${enc(ADA)}`,
      '/lids',
      '/lids/111@lid',
      `/lids/pn/${enc(ADA)}`,
    ]) {
      const res = await get(path, globex.key);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('SESSION_NOT_FOUND');
    }
    const check = await s.request('POST', `/v1/sessions/${session}/contacts/check`, {
      key: globex.key,
      body: { phones: [ADA] },
    });
    expect(check.body.error.code).toBe('SESSION_NOT_FOUND');
  });

  it('check and block answer SESSION_NOT_CONNECTED while the session is stopped', async () => {
    await post('/stop');
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'stopped' ? true : undefined,
    );
    const check = await post('/contacts/check', { phones: [ADA] });
    expect(check.status).toBe(409);
    expect(check.body.error.code).toBe('SESSION_NOT_CONNECTED');
    const block = await post(`/contacts/${enc(ADA)}/block`);
    expect(block.status).toBe(409);
    expect(block.body.error.code).toBe('SESSION_NOT_CONNECTED');
    // Stored contacts stay readable.
    expect((await get(`/contacts/${enc(ADA)}`)).body.blocked).toBe(false);
  });
});
