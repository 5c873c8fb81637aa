import { describe, expect, it } from 'vitest';
import { TenantDeliveryBudget } from './tenant-delivery-budget.js';

/** The per-tenant webhook delivery budget (the plan's webhook_deliveries_per_minute), on a fake clock. */
describe('TenantDeliveryBudget', () => {
  const setup = (limits: Record<string, number | null>, start = 120_000) => {
    let now = start;
    const reads: string[] = [];
    const budget = new TenantDeliveryBudget(
      async (tenantId) => {
        reads.push(tenantId);
        return limits[tenantId] ?? null;
      },
      () => now,
    );
    return { budget, reads, tick: (ms: number) => (now += ms) };
  };

  it('admits the limit per minute, then refuses until the next window; other tenants are unaffected', async () => {
    const { budget, tick } = setup({ ten_a: 3, ten_b: 2 });
    const taken = [];
    for (let i = 0; i < 5; i++) taken.push(await budget.take('ten_a'));
    expect(taken).toEqual([true, true, true, false, false]);
    expect(budget.exhausted()).toEqual(['ten_a']);
    expect(await budget.take('ten_b')).toBe(true);
    expect(await budget.take('ten_b')).toBe(true);
    expect(await budget.take('ten_b')).toBe(false);
    expect(budget.exhausted().sort()).toEqual(['ten_a', 'ten_b']);
    expect(budget.windowEnd()).toBe(180_000);
    tick(59_999);
    expect(await budget.take('ten_a')).toBe(false);
    tick(1);
    expect(budget.exhausted()).toEqual([]);
    expect(await budget.take('ten_a')).toBe(true);
  });

  it('a tenant without a limit (no plan, or the admin tenant) is never held back', async () => {
    const { budget } = setup({ ten_free: null });
    for (let i = 0; i < 1000; i++) expect(await budget.take('ten_free')).toBe(true);
    expect(budget.exhausted()).toEqual([]);
  });

  it('reads a limit at most once a minute, so a plan change applies within a minute', async () => {
    const limits: Record<string, number | null> = { ten_a: 1 };
    const { budget, reads, tick } = setup(limits);
    await budget.take('ten_a');
    await budget.take('ten_a');
    expect(reads).toEqual(['ten_a']);
    limits.ten_a = 5;
    tick(60_000);
    for (let i = 0; i < 5; i++) expect(await budget.take('ten_a')).toBe(true);
    expect(await budget.take('ten_a')).toBe(false);
    expect(reads).toEqual(['ten_a', 'ten_a']);
  });
});
