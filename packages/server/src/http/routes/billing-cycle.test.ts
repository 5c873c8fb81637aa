import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../domain/billing-period.js';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/**
 * The whole cycle without calling the invoice service directly: a tenant on a paid plan, the
 * subscription rolls over at its period end, and the invoice for the finished period is there,
 * once, however many servers ran the rollover.
 */
describe.each(testDialects())('the billing cycle on %s', (dialect) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(dialect, { billing: { defaultPlan: 'free' } });
  });
  afterAll(() => s.close());

  it('a rolled-over period is invoiced once, from the plan the tenant was on', async () => {
    const t = await s.tenant('cycle');
    const up = await s.request('POST', '/v1/subscription/change', {
      key: t.key,
      body: { plan: 'pro', at: 'now' },
    });
    expect(up.body).toMatchObject({ status: 'active', plan: { code: 'pro' } });
    const start = Date.parse(up.body.current_period_start);
    const end = Date.parse(up.body.current_period_end);
    expect(end).toBe(monthOf(start).end);

    // Two servers' timers at once.
    await Promise.all([s.gateway.subscriptions.renewDue(end), s.gateway.subscriptions.renewDue(end)]);

    const list = await s.request('GET', '/v1/invoices', { key: t.key });
    expect(list.status).toBe(200);
    const forPeriod = list.body.data.filter(
      (i: { period_start: string }) => Date.parse(i.period_start) === start,
    );
    expect(forPeriod).toHaveLength(1);
    const [invoice] = forPeriod;
    expect(invoice).toMatchObject({
      plan_id: up.body.plan.id,
      period_end: new Date(end).toISOString(),
      status: 'open',
      currency: 'USD',
    });
    expect(invoice.lines[0]).toMatchObject({ kind: 'plan' });
    expect(invoice.total_cents).toBeGreaterThan(0);
    expect(invoice.total_cents).toBe(
      invoice.lines.reduce((sum: number, l: { amount_cents: number }) => sum + l.amount_cents, 0),
    );
    const pdf = await s.app.inject({
      method: 'GET',
      url: `/v1/invoices/${invoice.id}/pdf`,
      headers: { authorization: `Bearer ${t.key}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
