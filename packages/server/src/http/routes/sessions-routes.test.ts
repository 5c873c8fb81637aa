import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

describe.each(testDialects())('sessions on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  const status = async (id: string) => (await s.request('GET', `/v1/sessions/${id}`)).body.status;

  it('pairs by scanning the QR through the API, with a status history in events', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: { name: 'support' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'support',
      engine: 'sandbox',
      status: 'scan_qr',
      phone: null,
    });
    const id = created.body.id;

    const qr = await s.request('GET', `/v1/sessions/${id}/qr`);
    expect(qr.status).toBe(200);
    expect(qr.body.qr).toMatch(/^sandbox:/);
    expect(Date.parse(qr.body.expires_at)).toBeGreaterThan(Date.now());

    const png = await s.request('GET', `/v1/sessions/${id}/qr.png`);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');

    const scanned = await s.request('POST', `/v1/sessions/${id}/sandbox/scan`, {
      body: { phone: '+1 415 555 7777' },
    });
    expect(scanned.status).toBe(200);
    expect(scanned.body).toMatchObject({ status: 'connected', phone: '+14155557777' });

    const noQr = await s.request('GET', `/v1/sessions/${id}/qr`);
    expect([noQr.status, noQr.body.error.code]).toEqual([409, 'QR_NOT_AVAILABLE']);
    const again = await s.request('POST', `/v1/sessions/${id}/sandbox/scan`, { body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'SESSION_STATE_CONFLICT']);

    const events = await s.request('GET', `/v1/events?session_id=${id}&type=session.status`);
    expect(events.body.data.map((e: { data: { status: string } }) => e.data.status)).toEqual([
      'starting',
      'scan_qr',
      'connected',
    ]);
    expect(events.body.data.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3]);
  });

  it('stop, start, restart, logout and delete follow the lifecycle', async () => {
    const id = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
    await eventually(async () => ((await status(id)) === 'connected' ? true : undefined));

    const stopped = await s.request('POST', `/v1/sessions/${id}/stop`);
    expect(stopped.body.status).toBe('stopped');
    const started = await s.request('POST', `/v1/sessions/${id}/start`);
    expect(started.status).toBe(200);
    // credentials were kept: it reconnects without a QR
    await eventually(async () => ((await status(id)) === 'connected' ? true : undefined));
    const phone = (await s.request('GET', `/v1/sessions/${id}`)).body.phone;
    expect(phone).toMatch(/^\+1555/);

    const restarted = await s.request('POST', `/v1/sessions/${id}/restart`);
    expect(restarted.status).toBe(200);
    await eventually(async () => ((await status(id)) === 'connected' ? true : undefined));

    const loggedOut = await s.request('POST', `/v1/sessions/${id}/logout`);
    expect(loggedOut.body.status).toBe('logged_out');
    // credentials are gone: starting again asks for a new pairing
    await s.request('POST', `/v1/sessions/${id}/start`);
    expect(await status(id)).toBe('scan_qr');

    const deleted = await s.request('DELETE', `/v1/sessions/${id}`);
    expect(deleted.body).toEqual({ id, deleted: true });
    expect((await s.request('GET', `/v1/sessions/${id}`)).status).toBe(404);
  });

  it('a session created with start=false stays stopped; scanning it is a conflict', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: { start: false } });
    expect(created.body.status).toBe('stopped');
    const scan = await s.request('POST', `/v1/sessions/${created.body.id}/sandbox/scan`);
    expect(scan.body.error.code).toBe('SESSION_STATE_CONFLICT');
  });

  it('lists with cursor pagination', async () => {
    const t = await s.tenant('paging');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).body.id);
    }
    const first = await s.request('GET', '/v1/sessions?limit=2', { key: t.key });
    expect(first.body.data.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 2));
    expect(first.body.has_more).toBe(true);
    const rest = await s.request('GET', `/v1/sessions?limit=10&starting_after=${ids[1]}`, { key: t.key });
    expect(rest.body.data.map((x: { id: string }) => x.id)).toEqual(ids.slice(2));
    expect(rest.body.has_more).toBe(false);
  });
});
