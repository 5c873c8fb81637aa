import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { seedMember } from '../../testing/seed-member.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

describe.each(testDialects())('API keys on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  const from = (ip: string, key: string, url = '/v1/me') =>
    s.app.inject({ method: 'GET', url, remoteAddress: ip, headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    acme = await s.tenant('acme');
  });
  afterAll(() => s.close());

  it('a scoped key does what its scopes allow and nothing else (403 INSUFFICIENT_SCOPE)', async () => {
    const created = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'reader', scopes: ['sessions:read'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scopes: ['sessions:read'], expires_at: null, allowed_ips: null });
    expect((await s.request('GET', '/v1/sessions', { key: created.body.key })).status).toBe(200);
    const refused = await s.request('POST', '/v1/sessions', { key: created.body.key, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      details: { required_scope: 'sessions:manage' },
    });
    // A key cannot mint a stronger key than itself.
    const keysOnly = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'keys', scopes: ['keys:manage'] },
    });
    const escalation = await s.request('POST', '/v1/api-keys', {
      key: keysOnly.body.key,
      body: { name: 'x', scopes: ['messages:send'] },
    });
    expect(escalation.body.error.code).toBe('INSUFFICIENT_SCOPE');
    const inherited = await s.request('POST', '/v1/api-keys', {
      key: keysOnly.body.key,
      body: { name: 'y' },
    });
    expect(inherited.body.scopes).toEqual(['keys:manage']);
  });

  it('refuses unknown scopes, bad expiries and bad IPs with coded 400s', async () => {
    const bodies = [
      { name: 'x', scopes: ['sessions:destroy'] },
      { name: 'x', expires_at: '2001-01-01T00:00:00Z' },
      { name: 'x', expires_at: 'tomorrow' },
      { name: 'x', expires_in_days: 0 },
      { name: 'x', expires_in_days: 3, expires_at: new Date(Date.now() + 86_400_000).toISOString() },
      { name: 'x', allowed_ips: ['10.0.0.300'] },
      { name: 'x', allowed_ips: ['10.0.0.0/33'] },
    ];
    for (const body of bodies) {
      const res = await s.request('POST', '/v1/api-keys', { key: acme.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
    const stranger = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'x', user_id: 'usr_nobody' },
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error).toMatchObject({ code: 'MEMBER_NOT_FOUND', param: 'user_id' });
  });

  it('an expired key answers 401 API_KEY_EXPIRED', async () => {
    const created = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'short', expires_at: new Date(Date.now() + 300).toISOString() },
    });
    expect(created.body.expires_at).not.toBeNull();
    expect((await s.request('GET', '/v1/me', { key: created.body.key })).status).toBe(200);
    const expired = await eventually(async () => {
      const res = await s.request('GET', '/v1/me', { key: created.body.key });
      return res.status === 401 ? res : undefined;
    });
    expect(expired.body.error.code).toBe('API_KEY_EXPIRED');
    const days = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'd', expires_in_days: 30 },
    });
    const inDays = Date.parse(days.body.expires_at) - Date.now();
    expect(inDays).toBeGreaterThan(29.9 * 86_400_000);
    expect(inDays).toBeLessThanOrEqual(30 * 86_400_000);
  });

  it('an allow-listed key works only from its IPs and ranges (403 IP_NOT_ALLOWED) and records where it was used', async () => {
    const created = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'office', allowed_ips: ['203.0.113.7', '10.1.0.0/16', '2001:db8::/32'] },
    });
    expect(created.body.allowed_ips).toEqual(['203.0.113.7', '10.1.0.0/16', '2001:db8::/32']);
    for (const ip of ['203.0.113.7', '10.1.200.3', '::ffff:10.1.0.9', '2001:db8::1']) {
      expect((await from(ip, created.body.key)).statusCode, ip).toBe(200);
    }
    for (const ip of ['203.0.113.8', '10.2.0.1', '127.0.0.1', '2001:db9::1']) {
      const res = await from(ip, created.body.key);
      expect(res.statusCode, ip).toBe(403);
      expect(res.json().error.code, ip).toBe('IP_NOT_ALLOWED');
    }
    const used = await eventually(async () => {
      const list = await s.request('GET', '/v1/api-keys?limit=100', { key: acme.key });
      const key = list.body.data.find((k: { id: string }) => k.id === created.body.id);
      return key.last_used_at ? key : undefined;
    });
    expect(used.last_used_ip).toBe('203.0.113.7');
  });

  it('rotation: the new key works at once, the old one until its grace ends, then 401 naming its replacement', async () => {
    const old = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'ci', scopes: ['sessions:read', 'messages:send'], allowed_ips: ['127.0.0.1'] },
    });
    const rotated = await s.request('POST', `/v1/api-keys/${old.body.id}/rotate`, {
      key: acme.key,
      body: { grace_period_seconds: 1 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      name: 'ci',
      scopes: ['sessions:read', 'messages:send'],
      allowed_ips: ['127.0.0.1'],
      replaces: { id: old.body.id, replaced_by: rotated.body.id },
    });
    expect(rotated.body.key).not.toBe(old.body.key);
    expect(rotated.body.replaces.grace_until).not.toBeNull();
    expect((await s.request('GET', '/v1/sessions', { key: rotated.body.key })).status).toBe(200);
    expect((await s.request('GET', '/v1/sessions', { key: old.body.key })).status).toBe(200);
    const ended = await eventually(async () => {
      const res = await s.request('GET', '/v1/sessions', { key: old.body.key });
      return res.status === 401 ? res : undefined;
    });
    expect(ended.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/rotated/),
      details: { replaced_by: rotated.body.id },
    });
    const again = await s.request('POST', `/v1/api-keys/${old.body.id}/rotate`, { key: acme.key, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('API_KEY_STATE_CONFLICT');
  });

  it('rotation with no grace revokes the old key at once, even on a cached key; grace is at most 7 days', async () => {
    const old = await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 'now' } });
    expect((await s.request('GET', '/v1/me', { key: old.body.key })).status).toBe(200);
    const rotated = await s.request('POST', `/v1/api-keys/${old.body.id}/rotate`, {
      key: acme.key,
      body: { grace_period_seconds: 0 },
    });
    expect(rotated.body.replaces.revoked_at).not.toBeNull();
    const res = await s.request('GET', '/v1/me', { key: old.body.key });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/rotated/);
    const tooLong = await s.request('POST', `/v1/api-keys/${rotated.body.id}/rotate`, {
      key: acme.key,
      body: { grace_period_seconds: 8 * 86_400 },
    });
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    const foreign = await s.request('POST', `/v1/api-keys/${rotated.body.id}/rotate`, { body: {} });
    expect(foreign.body.error.code).toBe('API_KEY_NOT_FOUND');
  });

  it('creating, rotating and revoking keys is audited in the tenant', async () => {
    const k = await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 'audited' } });
    const r = await s.request('POST', `/v1/api-keys/${k.body.id}/rotate`, { key: acme.key, body: {} });
    await s.request('DELETE', `/v1/api-keys/${r.body.id}`, { key: acme.key });
    const entries = await s.gateway.storage.audit.list({ tenantId: acme.id, limit: 100 });
    const mine = entries.filter((e) => e.target?.id === k.body.id || e.target?.id === r.body.id);
    expect(mine.map((e) => e.action)).toEqual(['api_key.revoked', 'api_key.rotated', 'api_key.created']);
    expect(mine[1]?.details).toMatchObject({ replaced_by: r.body.id });
    expect(mine.every((e) => e.actor.type === 'api_key' && e.ip === '127.0.0.1')).toBe(true);
  });
});

describe.each(testDialects())('API keys acting as a member on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  beforeAll(async () => {
    s = await startTestServer(dialect);
    acme = await s.tenant('acme');
  });
  afterAll(() => s.close());

  it("a key with user_id has its member's role: a member's key cannot manage keys, a service account's cannot read billing", async () => {
    const member = await seedMember(s.gateway, acme.id, 'member');
    const service = await seedMember(s.gateway, acme.id, 'service');
    const memberKey = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'm', user_id: member },
    });
    expect(memberKey.body.user_id).toBe(member);
    expect((await s.request('GET', '/v1/sessions', { key: memberKey.body.key })).status).toBe(200);
    const refused = await s.request('GET', '/v1/api-keys', { key: memberKey.body.key });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const serviceKey = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 's', user_id: service },
    });
    expect(
      (await s.request('POST', '/v1/sessions', { key: serviceKey.body.key, body: { start: false } })).status,
    ).toBe(201);
    const audit = await s.request('GET', '/v1/audit-log', { key: serviceKey.body.key });
    expect(audit.body.error.code).toBe('FORBIDDEN');
    const other = await s.tenant('globex');
    const foreign = await s.request('POST', '/v1/api-keys', {
      key: other.key,
      body: { name: 'x', user_id: member },
    });
    expect(foreign.body.error.code).toBe('MEMBER_NOT_FOUND');
  });
});
