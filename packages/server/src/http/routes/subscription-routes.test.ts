import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClosedPeriod } from '../../domain/billing-period.js';
import { monthOf } from '../../domain/billing-period.js';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const DAY = 86_400_000;

describe.each(testDialects())('subscriptions on %s', (dialect) => {
  let s: TestServer;
  const closed: ClosedPeriod[] = [];

  beforeAll(async () => {
    s = await startTestServer(dialect, { billing: { defaultPlan: 'free' } });
    await s.request('PATCH', '/v1/admin/plans/free', { body: { requests_per_minute: 100_000 } });
    s.gateway.subscriptions.onPeriodClosed(async (_tx, period) => {
      closed.push(period);
    });
  });
  afterAll(() => s.close());

  const ofTenant = (tenantId: string) => closed.filter((p) => p.tenantId === tenantId);

  it('subscribing from Free to a paid plan starts its trial once', async () => {
    const t = await s.tenant('trial');
    const before = Date.now();
    const sub = await s.request('POST', '/v1/subscription', { key: t.key, body: { plan: 'basic' } });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({
      status: 'trialing',
      plan: { code: 'basic' },
      cancel_at_period_end: false,
    });
    const trialEnd = Date.parse(sub.body.trial_end);
    expect(trialEnd).toBeGreaterThanOrEqual(before + 14 * DAY);
    expect(Date.parse(sub.body.current_period_end)).toBe(trialEnd);

    const again = await s.request('POST', '/v1/subscription', { key: t.key, body: { plan: 'pro' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SUBSCRIPTION_STATE_CONFLICT');

    // The trial's end is not a billed period; the next period runs to the end of that month.
    expect(await s.gateway.subscriptions.renewDue(trialEnd)).toBeGreaterThanOrEqual(1);
    const after = await s.request('GET', '/v1/subscription', { key: t.key });
    expect(after.body).toMatchObject({ status: 'active', plan: { code: 'basic' } });
    expect(Date.parse(after.body.current_period_start)).toBe(trialEnd);
    expect(Date.parse(after.body.current_period_end)).toBe(monthOf(trialEnd).end);
    // Only the Free period the tenant left is closed (at 0); the trial is not a billed period.
    expect(ofTenant(t.id).map((p) => p.periodEnd)).toEqual([Date.parse(sub.body.current_period_start)]);
  });

  it('upgrades apply now, downgrades at the period end; the rollover closes the period once', async () => {
    const t = await s.tenant('changes');
    const up = await s.request('POST', '/v1/subscription/change', { key: t.key, body: { plan: 'pro' } });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'active', plan: { code: 'pro' }, pending_plan_id: null });
    expect(ofTenant(t.id)).toHaveLength(1); // the Free period, closed at the change
    const down = await s.request('POST', '/v1/subscription/change', { key: t.key, body: { plan: 'basic' } });
    expect(down.body).toMatchObject({ plan: { code: 'pro' }, pending_plan: { code: 'basic' } });
    const end = Date.parse(down.body.current_period_end);
    expect(end).toBe(monthOf(Date.now()).end);

    // Two rollovers at once (two servers): the period is closed exactly once.
    const [x, y] = await Promise.all([
      s.gateway.subscriptions.renewDue(end),
      s.gateway.subscriptions.renewDue(end),
    ]);
    expect(x + y).toBeGreaterThanOrEqual(1);
    const periods = ofTenant(t.id);
    expect(periods).toHaveLength(2);
    expect(periods[1]).toMatchObject({ periodEnd: end, planId: up.body.plan.id });
    const after = (await s.request('GET', '/v1/subscription', { key: t.key })).body;
    expect(after).toMatchObject({ plan: { code: 'basic' }, pending_plan_id: null, status: 'active' });
    expect(Date.parse(after.current_period_start)).toBe(end);
    expect(Date.parse(after.current_period_end)).toBe(monthOf(end).end);
  });

  it('cancel at the period end, resume, and a cancellation falling back to the default plan', async () => {
    const t = await s.tenant('cancel');
    await s.request('POST', '/v1/subscription/change', { key: t.key, body: { plan: 'pro', at: 'now' } });
    const canceled = await s.request('POST', '/v1/subscription/cancel', { key: t.key });
    expect(canceled.body).toMatchObject({ cancel_at_period_end: true, plan: { code: 'pro' } });
    expect((await s.request('POST', '/v1/subscription/cancel', { key: t.key })).status).toBe(409);
    const resumed = await s.request('POST', '/v1/subscription/resume', { key: t.key });
    expect(resumed.body).toMatchObject({ cancel_at_period_end: false, canceled_at: null });
    expect((await s.request('POST', '/v1/subscription/resume', { key: t.key })).status).toBe(409);
    await s.request('POST', '/v1/subscription/cancel', { key: t.key });
    await s.gateway.subscriptions.renewDue(Date.parse(canceled.body.current_period_end));
    const after = (await s.request('GET', '/v1/subscription', { key: t.key })).body;
    expect(after).toMatchObject({ plan: { code: 'free' }, status: 'active', cancel_at_period_end: false });
  });

  it('the platform admin sets a plan, audited as subscription.plan_changed; tenants may not', async () => {
    const t = await s.tenant('admin-set');
    const denied = await s.request('POST', `/v1/admin/tenants/${t.id}/plan`, {
      key: t.key,
      body: { plan: 'pro' },
    });
    expect(denied.status).toBe(403);
    const set = await s.request('POST', `/v1/admin/tenants/${t.id}/plan`, { body: { plan: 'enterprise' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ tenant_id: t.id, plan: { code: 'enterprise' }, status: 'active' });
    const entries = await s.gateway.storage.audit.list({
      tenantId: t.id,
      action: 'subscription.plan_changed',
      limit: 10,
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ details: { to_plan: 'enterprise', from_plan: 'free' } });
    const missing = await s.request('POST', '/v1/admin/tenants/ten_nope/plan', { body: { plan: 'pro' } });
    expect(missing.body.error.code).toBe('TENANT_NOT_FOUND');
  });

  it('unknown and archived plans are refused', async () => {
    const t = await s.tenant('refused');
    const unknown = await s.request('POST', '/v1/subscription/change', {
      key: t.key,
      body: { plan: 'gold' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PLAN_NOT_FOUND');
  });
});
