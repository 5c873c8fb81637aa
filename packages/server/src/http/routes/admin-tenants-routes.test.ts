import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

describe.each(testDialects())('tenant suspension and the audit log on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  let globex: { id: string; key: string };

  beforeAll(async () => {
    s = await startTestServer(dialect);
    acme = await s.tenant('acme');
    globex = await s.tenant('globex');
  });
  afterAll(() => s.close());

  it('a suspended tenant gets 403 TENANT_SUSPENDED on every request at once (a cached key too), until reactivated', async () => {
    expect((await s.request('GET', '/v1/sessions', { key: acme.key })).status).toBe(200);
    const suspended = await s.request('POST', `/v1/admin/tenants/${acme.id}/suspend`, {
      body: { reason: 'unpaid invoices' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({
      id: acme.id,
      status: 'suspended',
      suspended_reason: 'unpaid invoices',
    });
    expect(suspended.body.suspended_at).not.toBeNull();
    for (const [method, url] of [
      ['GET', '/v1/sessions'],
      ['GET', '/v1/me'],
      ['POST', '/v1/api-keys'],
    ] as const) {
      const res = await s.request(method, url, {
        key: acme.key,
        ...(method === 'POST' && { body: { name: 'x' } }),
      });
      expect(res.status, url).toBe(403);
      expect(res.body.error.code, url).toBe('TENANT_SUSPENDED');
    }
    expect((await s.request('GET', '/v1/sessions', { key: globex.key })).status).toBe(200);

    const listed = await s.request('GET', '/v1/admin/tenants?status=suspended');
    expect(listed.body.data.map((t: { id: string }) => t.id)).toEqual([acme.id]);
    const active = await s.request('GET', '/v1/admin/tenants?status=active');
    expect(active.body.data.map((t: { id: string }) => t.id)).toContain(globex.id);

    const back = await s.request('POST', `/v1/admin/tenants/${acme.id}/reactivate`, { body: {} });
    expect(back.body).toMatchObject({ status: 'active', suspended_at: null, suspended_reason: null });
    expect((await s.request('GET', '/v1/sessions', { key: acme.key })).status).toBe(200);
  });

  it('only the platform admin suspends, and never the admin tenant; unknown tenants are 404', async () => {
    const byTenant = await s.request('POST', `/v1/admin/tenants/${globex.id}/suspend`, {
      key: acme.key,
      body: {},
    });
    expect(byTenant.body.error.code).toBe('FORBIDDEN');
    const admin = (await s.request('GET', '/v1/me')).body.tenant.id;
    const self = await s.request('POST', `/v1/admin/tenants/${admin}/suspend`, { body: {} });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/admin tenant/);
    const unknown = await s.request('POST', '/v1/admin/tenants/ten_nope/suspend', { body: {} });
    expect(unknown.body.error.code).toBe('TENANT_NOT_FOUND');
  });

  it('the audit log: a tenant reads its own entries, the admin everyone’s, newest first, with filters and cursors', async () => {
    await s.request('POST', '/v1/api-keys', { key: globex.key, body: { name: 'one' } });
    await s.request('POST', '/v1/api-keys', { key: globex.key, body: { name: 'two' } });
    const own = await s.request('GET', '/v1/audit-log?limit=1&action=api_key.created', { key: globex.key });
    expect(own.status).toBe(200);
    expect(own.body.data).toHaveLength(1);
    expect(own.body.has_more).toBe(true);
    expect(own.body.data[0]).toMatchObject({
      tenant_id: globex.id,
      action: 'api_key.created',
      actor: { type: 'api_key' },
      details: { name: 'two' },
    });
    const next = await s.request(
      'GET',
      `/v1/audit-log?limit=1&action=api_key.created&starting_after=${own.body.data[0].id}`,
      {
        key: globex.key,
      },
    );
    expect(next.body.data[0].details.name).toBe('one');

    const acmeOwn = await s.request('GET', '/v1/audit-log?limit=100', { key: acme.key });
    expect(acmeOwn.body.data.every((e: { tenant_id: string }) => e.tenant_id === acme.id)).toBe(true);
    expect(acmeOwn.body.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.suspended', 'tenant.reactivated']),
    );

    const all = await s.request('GET', `/v1/admin/audit-log?tenant_id=${acme.id}&action=tenant.suspended`);
    expect(all.body.data).toHaveLength(1);
    expect(all.body.data[0].details).toEqual({ reason: 'unpaid invoices' });
    const denied = await s.request('GET', '/v1/admin/audit-log', { key: acme.key });
    expect(denied.body.error.code).toBe('FORBIDDEN');
  });

  it('resetting the admin key (wagw admin reset-key) makes a working key, revokes the others if asked, audited by the system', async () => {
    const kept = await s.gateway.tenantAdmin.resetAdminKey();
    expect(kept.revoked).toEqual([]);
    expect((await s.request('GET', '/v1/admin/tenants', { key: kept.key })).status).toBe(200);
    expect((await s.request('GET', '/v1/admin/tenants')).status).toBe(200);

    const reset = await s.gateway.tenantAdmin.resetAdminKey({ revokeOthers: true });
    expect(reset.revoked).toContain(kept.keyId);
    expect((await s.request('GET', '/v1/admin/tenants', { key: reset.key })).status).toBe(200);
    expect((await s.request('GET', '/v1/admin/tenants', { key: kept.key })).status).toBe(401);
    expect((await s.request('GET', '/v1/admin/tenants')).status).toBe(401);
    const audit = await s.request('GET', '/v1/admin/audit-log?action=api_key.reset', { key: reset.key });
    expect(audit.body.data[0]).toMatchObject({
      actor: { type: 'system', id: null },
      target: { type: 'api_key', id: reset.keyId },
    });
    expect(audit.body.data[0].details.revoked).toContain(kept.keyId);
  });
});
