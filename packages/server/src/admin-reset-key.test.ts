import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAdminKey } from './admin-reset-key.js';
import { testDialects } from './testing/dialects.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

describe.each(testDialects())('resetAdminKey (wagw admin reset-key) on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it('opens the database, makes a working admin key and, asked to, revokes the others', async () => {
    const config = { ...s.config, logLevel: 'silent' as const };
    const first = await resetAdminKey(config);
    expect(first.apiKey).toMatch(/^wagw_live_/);
    expect(first.revoked).toEqual([]);
    expect((await s.request('GET', '/v1/admin/tenants', { key: first.apiKey })).status).toBe(200);

    const second = await resetAdminKey(config, { revokeOthers: true });
    expect(second.revoked).toContain(first.keyId);
    expect((await s.request('GET', '/v1/admin/tenants', { key: second.apiKey })).status).toBe(200);
    const keys = await s.request('GET', '/v1/api-keys?limit=100', { key: second.apiKey });
    const live = keys.body.data.filter((k: { revoked_at: string | null }) => k.revoked_at === null);
    expect(live.map((k: { id: string }) => k.id)).toEqual([second.keyId]);
  });
});
