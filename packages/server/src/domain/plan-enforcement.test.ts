import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { monthOf } from './billing-period.js';

const db = (s: TestServer) => (s.gateway.storage as unknown as { db: import('kysely').Kysely<unknown> }).db;

async function count(s: TestServer, table: 'messages' | 'jobs', tenantId: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(db(s));
  return Number(rows[0]?.n ?? 0);
}

describe.each(testDialects())('plan limits on %s', (dialect) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(dialect, { billing: { defaultPlan: 'free' } });
    // The request limit is tested on its own; here a Free tenant may make many requests.
    const res = await s.request('PATCH', '/v1/admin/plans/free', { body: { requests_per_minute: 100_000 } });
    expect(res.status).toBe(200);
  });
  afterAll(() => s.close());

  it('new tenants are on the default plan; the admin tenant has no subscription', async () => {
    const t = await s.tenant('defaulted');
    const sub = await s.request('GET', '/v1/subscription', { key: t.key });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ status: 'active', plan: { code: 'free' }, tenant_id: t.id });
    expect((await s.request('GET', '/v1/subscription')).body.error.code).toBe('SUBSCRIPTION_NOT_FOUND');
  });

  it("a Free tenant's 101st message in a month is refused and nothing is queued", async () => {
    const t = await s.tenant('quota');
    const session = (await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).body.id;
    const send = (i: number) =>
      s.request('POST', `/v1/sessions/${session}/messages`, {
        key: t.key,
        body: { type: 'text', to: '+14155550000', text: `m${i}` },
      });
    for (let i = 0; i < 100; i++) expect((await send(i)).status).toBe(202);
    const refused = await send(100);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('MESSAGE_QUOTA_EXCEEDED');
    expect(await count(s, 'messages', t.id)).toBe(100);
    expect(await count(s, 'jobs', t.id)).toBe(100);
    expect(await s.gateway.storage.usage.get(t.id, monthOf(Date.now()).start, 'messages_sent')).toBe(100);
  });

  it('concurrent sends never pass the quota', async () => {
    const t = await s.tenant('race');
    const session = (await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).body.id;
    const results = await Promise.all(
      Array.from({ length: 130 }, (_, i) =>
        s.request('POST', `/v1/sessions/${session}/messages`, {
          key: t.key,
          body: { type: 'text', to: '+14155550000', text: `r${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(100);
    expect(results.filter((r) => r.body.error?.code === 'MESSAGE_QUOTA_EXCEEDED')).toHaveLength(30);
    expect(await count(s, 'messages', t.id)).toBe(100);
  });

  it('tenants without a plan are counted but not limited', async () => {
    const session = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
    const res = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to: '+14155550000', text: 'x' },
    });
    expect(res.status).toBe(202);
    const adminId = (await s.request('GET', '/v1/me')).body.tenant.id;
    expect(await s.gateway.storage.usage.get(adminId, monthOf(Date.now()).start, 'messages_sent')).toBe(1);
  });

  it('the 2nd session on Free is refused; a deleted one does not count', async () => {
    const t = await s.tenant('sessions');
    const first = await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } });
    expect(first.status).toBe(201);
    const second = await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } });
    expect(second.status).toBe(402);
    expect(second.body.error.code).toBe('SESSION_LIMIT_REACHED');
    expect((await s.request('GET', '/v1/sessions', { key: t.key })).body.data).toHaveLength(1);
    expect((await s.request('DELETE', `/v1/sessions/${first.body.id}`, { key: t.key })).status).toBe(200);
    expect((await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).status).toBe(
      201,
    );
  });

  it('webhook endpoints beyond the plan are refused', async () => {
    const t = await s.tenant('hooks');
    const create = () =>
      s.request('POST', '/v1/webhooks', { key: t.key, body: { url: 'http://127.0.0.1:9/hook' } });
    expect((await create()).status).toBe(201);
    const refused = await create();
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('WEBHOOK_ENDPOINT_LIMIT_REACHED');
  });

  it('concurrent creations never pass the session or endpoint limit (one tenant lock)', async () => {
    const t = await s.tenant('creation-race');
    const sessions = await Promise.all(
      Array.from({ length: 8 }, () =>
        s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } }),
      ),
    );
    expect(sessions.filter((r) => r.status === 201)).toHaveLength(1);
    expect(sessions.filter((r) => r.body.error?.code === 'SESSION_LIMIT_REACHED')).toHaveLength(7);
    const hooks = await Promise.all(
      Array.from({ length: 8 }, () =>
        s.request('POST', '/v1/webhooks', { key: t.key, body: { url: 'http://127.0.0.1:9/hook' } }),
      ),
    );
    expect(hooks.filter((r) => r.status === 201)).toHaveLength(1);
    expect(hooks.filter((r) => r.body.error?.code === 'WEBHOOK_ENDPOINT_LIMIT_REACHED')).toHaveLength(7);
    expect((await s.request('GET', '/v1/sessions', { key: t.key })).body.data).toHaveLength(1);
    expect((await s.request('GET', '/v1/webhooks', { key: t.key })).body.data).toHaveLength(1);
  });

  it('an upgrade lifts the limits at once', async () => {
    const t = await s.tenant('upgrade');
    expect((await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).status).toBe(
      201,
    );
    const changed = await s.request('POST', '/v1/subscription/change', { key: t.key, body: { plan: 'pro' } });
    expect(changed.status).toBe(200);
    expect(changed.body.plan.code).toBe('pro');
    expect((await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).status).toBe(
      201,
    );
  });
});
