import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config/config-schema.js';
import { eventually, startTestServer, type TestServer } from '../testing/test-server.js';

/** The client IP behind a proxy, and the request id and IP the audit log records. */
describe('trustProxy and the request context', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  async function allowListedKey(config: ConfigInput) {
    s = await startTestServer('sqlite', config);
    const t = await s.tenant('proxied');
    const created = await s.request('POST', '/v1/api-keys', {
      key: t.key,
      body: { name: 'office', allowed_ips: ['203.0.113.7'] },
    });
    expect(created.status).toBe(201);
    const call = (remoteAddress: string, forwardedFor: string) =>
      s!.app.inject({
        method: 'GET',
        url: '/v1/me',
        remoteAddress,
        headers: { authorization: `Bearer ${created.body.key}`, 'x-forwarded-for': forwardedFor },
      });
    return { t, created, call };
  }

  it('by default X-Forwarded-For is ignored: a client cannot claim an allow-listed IP', async () => {
    const { call } = await allowListedKey({});
    const res = await call('198.51.100.1', '203.0.113.7');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('IP_NOT_ALLOWED');
  });

  it('behind a trusted proxy the forwarded IP is the client IP, only when the proxy is trusted', async () => {
    const { t, created, call } = await allowListedKey({ trustProxy: '10.0.0.0/8' });
    expect((await call('10.0.0.5', '203.0.113.7')).statusCode).toBe(200);
    // The same header from an untrusted peer is not believed.
    expect((await call('198.51.100.1', '203.0.113.7')).statusCode).toBe(403);
    const used = await eventually(async () => {
      const list = await s!.request('GET', '/v1/api-keys?limit=100', { key: t.key });
      const key = list.body.data.find((k: { id: string }) => k.id === created.body.id);
      return key.last_used_at ? key : undefined;
    });
    expect(used.last_used_ip).toBe('203.0.113.7');
  });

  it('a hop count trusts that many proxies in front of the server', async () => {
    const { call } = await allowListedKey({ trustProxy: 1 });
    expect((await call('198.51.100.1', '203.0.113.7')).statusCode).toBe(200);
    // One hop: the address the nearest proxy saw, not what the client wrote before it.
    expect((await call('198.51.100.1', '203.0.113.7, 198.51.100.2')).statusCode).toBe(403);
  });

  it("audit entries carry the request's id and IP", async () => {
    s = await startTestServer('sqlite', { trustProxy: true });
    const t = await s.tenant('audited');
    const created = await s.request('POST', '/v1/api-keys', {
      key: t.key,
      body: { name: 'traced' },
      headers: { 'x-forwarded-for': '203.0.113.9', 'request-id': 'req_trace_1' },
    });
    expect(created.headers['request-id']).toBe('req_trace_1');
    const log = await s.request('GET', '/v1/audit-log', { key: t.key });
    const entry = log.body.data.find(
      (e: { action: string; target: { id: string } | null }) =>
        e.action === 'api_key.created' && e.target?.id === created.body.id,
    );
    expect(entry).toMatchObject({ request_id: 'req_trace_1', ip: '203.0.113.9' });
  });

  it('concurrent requests each record their own request id (group-committed transactions keep their context)', async () => {
    s = await startTestServer('sqlite');
    const t = await s.tenant('concurrent');
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s!.request('POST', '/v1/api-keys', {
          key: t.key,
          body: { name: `k${i}` },
          headers: { 'request-id': `req_c${i}` },
        }),
      ),
    );
    const log = await s.request('GET', '/v1/audit-log?limit=100', { key: t.key });
    for (const [i, res] of created.entries()) {
      const entry = log.body.data.find(
        (e: { action: string; target: { id: string } | null }) =>
          e.action === 'api_key.created' && e.target?.id === res.body.id,
      );
      expect(entry?.request_id, `key ${i}`).toBe(`req_c${i}`);
    }
  });
});
