import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const custom = {
  code: 'startup',
  name: 'Startup',
  price_cents: 4900,
  currency: 'USD',
  requests_per_minute: 100,
  max_sessions: 5,
  monthly_messages: 5000,
  overage_cents_per_message: 1,
  max_webhook_endpoints: 5,
  webhook_deliveries_per_minute: 600,
  trial_days: 7,
};

describe.each(testDialects())('plans on %s', (dialect) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(dialect, { billing: { defaultPlan: 'free' } });
  });
  afterAll(() => s.close());

  it('the four default plans are seeded once, cheapest first, with their limits', async () => {
    await s.gateway.plans.seed(); // a second start changes nothing
    const t = await s.tenant('reader');
    const res = await s.request('GET', '/v1/plans', { key: t.key });
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { code: string }) => p.code)).toEqual([
      'free',
      'basic',
      'pro',
      'enterprise',
    ]);
    expect(
      res.body.data.map((p: Record<string, unknown>) => [
        p.requests_per_minute,
        p.max_sessions,
        p.monthly_messages,
        p.price_cents,
      ]),
    ).toEqual([
      [10, 1, 100, 0],
      [50, 3, 1000, 1900],
      [200, 10, 10_000, 7900],
      [1000, 50, null, 29_900],
    ]);
    const pro = res.body.data[2];
    expect((await s.request('GET', '/v1/plans/pro', { key: t.key })).body.id).toBe(pro.id);
    expect((await s.request('GET', `/v1/plans/${pro.id}`, { key: t.key })).body.code).toBe('pro');
    const missing = await s.request('GET', '/v1/plans/gold', { key: t.key });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('PLAN_NOT_FOUND');
  });

  it('the platform admin creates and archives plans; subscribers keep an archived plan', async () => {
    const t = await s.tenant('subscriber');
    expect((await s.request('POST', '/v1/admin/plans', { key: t.key, body: custom })).status).toBe(403);
    const created = await s.request('POST', '/v1/admin/plans', { body: custom });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...custom, active: true });
    const dup = await s.request('POST', '/v1/admin/plans', { body: custom });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('PLAN_CODE_TAKEN');
    const bad = await s.request('POST', '/v1/admin/plans', {
      body: { ...custom, code: 'x2', currency: 'usd' },
    });
    expect(bad.status).toBe(400);

    const sub = await s.request('POST', '/v1/subscription', { key: t.key, body: { plan: 'startup' } });
    expect(sub.body).toMatchObject({ status: 'trialing', plan: { code: 'startup' } });
    const archived = await s.request('PATCH', '/v1/admin/plans/startup', {
      body: { active: false, name: 'Old' },
    });
    expect(archived.body).toMatchObject({ active: false, name: 'Old', code: 'startup' });

    const listed = await s.request('GET', '/v1/plans', { key: t.key });
    expect(listed.body.data.map((p: { code: string }) => p.code)).not.toContain('startup');
    const all = await s.request('GET', '/v1/admin/plans');
    expect(all.body.data.map((p: { code: string }) => p.code)).toContain('startup');
    expect((await s.request('GET', '/v1/subscription', { key: t.key })).body.plan.code).toBe('startup');

    const other = await s.tenant('latecomer');
    const refused = await s.request('POST', '/v1/subscription', {
      key: other.key,
      body: { plan: 'startup' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('plan');
  });
});
