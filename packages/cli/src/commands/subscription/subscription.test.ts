import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run as createPlan } from '../admin/plans-create.js';
import { run as updatePlan } from '../admin/plans-update.js';
import { run as setPlan } from '../admin/tenants-set-plan.js';
import { run as plans } from '../plans/list.js';
import { run as change } from './change.js';
import { run as show } from './show.js';
import { run as toggle } from './toggle.js';

const plan = (code: string, overrides = {}) => ({
  id: `pln_${code}`,
  code,
  name: code[0]!.toUpperCase() + code.slice(1),
  price_cents: 1900,
  currency: 'USD',
  requests_per_minute: 50,
  max_sessions: 3,
  monthly_messages: 1000,
  overage_cents_per_message: null,
  max_webhook_endpoints: 3,
  webhook_deliveries_per_minute: 300,
  trial_days: 14,
  active: true,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  ...overrides,
});
const subscription = {
  id: 'sub_1',
  tenant_id: 'ten_1',
  plan_id: 'pln_pro',
  plan: plan('pro'),
  status: 'active',
  current_period_start: '2026-12-01T00:00:00.000Z',
  current_period_end: '2027-01-01T00:00:00.000Z',
  trial_end: null,
  cancel_at_period_end: false,
  canceled_at: null,
  pending_plan_id: 'pln_basic',
  pending_plan: plan('basic'),
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
};

describe('wagw plans and subscription', () => {
  it('plans prints a table of limits and prices, or JSON', async () => {
    const list = async () => ({
      data: [
        plan('free', { price_cents: 0, monthly_messages: 100 }),
        plan('enterprise', { monthly_messages: null }),
      ],
      has_more: false,
    });
    const ctx = fakeContext({ client: { plans: { list } } });
    await plans({}, ctx);
    expect(ctx.stdoutText()).toMatch(/^CODE\s+NAME\s+PRICE\/MONTH/m);
    expect(ctx.stdoutText()).toMatch(/^free\s+Free\s+0\.00 USD\s+50\s+3\s+100\s+hard limit/m);
    expect(ctx.stdoutText()).toMatch(/^enterprise .*unlimited/m);
    const json = fakeContext({ client: { plans: { list } } });
    await plans({ json: true }, json);
    expect(JSON.parse(json.stdoutText()).data).toHaveLength(2);
  });

  it('subscription shows the plan, the period and the next plan', async () => {
    const ctx = fakeContext({ client: { subscription: { get: async () => subscription } } });
    await show({}, ctx);
    expect(ctx.stdoutText()).toMatch(/^plan:\s+Pro \(pro\)$/m);
    expect(ctx.stdoutText()).toMatch(/^next plan:\s+Basic \(basic\)$/m);
  });

  it('change sends at=period_end with --at-period-end, nothing without; cancel and resume', async () => {
    const api = {
      change: vi.fn(async () => subscription),
      cancel: vi.fn(async () => subscription),
      resume: vi.fn(async () => subscription),
    };
    const ctx = fakeContext({ client: { subscription: api } });
    await change({ plan: 'basic', atPeriodEnd: true }, ctx);
    await change({ plan: 'pro' }, ctx);
    expect(api.change.mock.calls).toEqual([[{ plan: 'basic', at: 'period_end' }], [{ plan: 'pro' }]]);
    await toggle({ action: 'cancel' }, ctx);
    await toggle({ action: 'resume' }, ctx);
    expect(api.cancel).toHaveBeenCalledOnce();
    expect(api.resume).toHaveBeenCalledOnce();
  });

  it('admin plans create needs every limit; update maps flags and --archive; tenants set-plan', async () => {
    const adminPlans = {
      create: vi.fn(async () => plan('team')),
      update: vi.fn(async () => plan('basic', { active: false })),
      setTenantPlan: vi.fn(async () => subscription),
    };
    const ctx = fakeContext({ client: { adminPlans } });
    expect(await exec(ctx, () => createPlan({ code: 'team', name: 'Team' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toMatch(/missing required option --price-cents/);
    await createPlan(
      {
        code: 'team',
        name: 'Team',
        priceCents: 4900,
        currency: 'USD',
        requestsPerMinute: 100,
        maxSessions: 5,
        monthlyMessages: null,
        maxWebhooks: 5,
        webhookDeliveriesPerMinute: 600,
      },
      ctx,
    );
    expect(adminPlans.create).toHaveBeenCalledWith({
      code: 'team',
      name: 'Team',
      price_cents: 4900,
      currency: 'USD',
      requests_per_minute: 100,
      max_sessions: 5,
      monthly_messages: null,
      overage_cents_per_message: null,
      max_webhook_endpoints: 5,
      webhook_deliveries_per_minute: 600,
    });
    await updatePlan({ plan: 'basic', archive: true, requestsPerMinute: 60 }, ctx);
    expect(adminPlans.update).toHaveBeenCalledWith('basic', { requests_per_minute: 60, active: false });
    await setPlan({ tenant: 'ten_1', plan: 'pro' }, ctx);
    expect(adminPlans.setTenantPlan).toHaveBeenCalledWith('ten_1', 'pro');
  });
});
