import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Invoice, Usage } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../main.js';
import { fakeContext } from '../../testing/fake-context.js';
import { page } from '../../testing/fixtures.js';
import { run as analytics } from '../analytics/analytics.js';
import { run as adminUsage } from '../usage/admin-usage.js';
import { run as usage } from '../usage/usage.js';
import { runPay, runVoid } from './admin-settle.js';
import { run as download } from './download.js';
import { run as list } from './list.js';
import { run as show } from './show.js';

const T = '2026-11-01T00:00:00.000Z';
const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
  id: 'inv_1',
  tenant_id: 'ten_1',
  number: 'WAGW-000007',
  sequence: 7,
  period_start: T,
  period_end: '2026-12-01T00:00:00.000Z',
  plan_id: 'pln_1',
  currency: 'EUR',
  subtotal_cents: 1010,
  total_cents: 1010,
  status: 'open',
  issued_at: T,
  paid_at: null,
  voided_at: null,
  payment_provider: null,
  payment_reference: null,
  lines: [
    { kind: 'plan', description: 'Basic plan, 2026-11', quantity: 1, unit_cents: 1000, amount_cents: 1000 },
    {
      kind: 'overage',
      description: 'Messages over the 2 included',
      quantity: 2,
      unit_cents: 5,
      amount_cents: 10,
    },
  ],
  ...overrides,
});
const usageOf = (tenant: string): Usage => ({
  tenant_id: tenant,
  period: '2026-11',
  period_start: T,
  period_end: '2026-12-01T00:00:00.000Z',
  messages_sent: 12,
  messages_received: 3,
  api_calls: 40,
  media_bytes: 0,
  active_sessions: 1,
});

describe('wagw usage, invoices, analytics', () => {
  it('usage prints the month; --period is passed; --json is the API object', async () => {
    const get = vi.fn(async () => usageOf('ten_1'));
    const ctx = fakeContext({ client: { usage: { get } } });
    await usage({ period: '2026-11' }, ctx);
    expect(get).toHaveBeenCalledWith({ period: '2026-11' });
    expect(ctx.stdoutText()).toMatch(/^messages sent:\s+12$/m);
    expect(ctx.stdoutText()).toMatch(/^API calls:\s+40$/m);
    const json = fakeContext({ client: { usage: { get } } });
    await usage({ json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual(usageOf('ten_1'));
  });

  it('wagw usage --period refuses a malformed month', async () => {
    const ctx = fakeContext({ client: { usage: { get: vi.fn() } } });
    expect(await main(['usage', '--period', '2026-13'], ctx)).toBe(1);
    expect(ctx.stderrText()).toContain('expected a month, YYYY-MM');
  });

  it('admin usage lists tenants', async () => {
    const listAll = vi.fn(() =>
      page([
        { ...usageOf('ten_1'), id: 'ten_1' },
        { ...usageOf('ten_2'), id: 'ten_2' },
      ]),
    );
    const ctx = fakeContext({ client: { usage: { listAll } } });
    await adminUsage({ limit: 5 }, ctx);
    expect(listAll).toHaveBeenCalledWith({ limit: 5 });
    expect(ctx.stdoutText()).toMatch(/^ten_2\s+12\s+3\s+40/m);
  });

  it('invoices list, show; admin list filters by tenant and status', async () => {
    const invoices = {
      list: vi.fn(() => page([invoice()])),
      listAll: vi.fn(() => page([invoice()])),
      get: vi.fn(async () => invoice()),
    };
    const ctx = fakeContext({ client: { invoices } });
    await list({ status: 'open' }, ctx);
    expect(invoices.list).toHaveBeenCalledWith({ status: 'open' });
    expect(ctx.stdoutText()).toMatch(/inv_1\s+WAGW-000007\s+2026-11-01\.\.2026-12-01\s+10\.10 EUR\s+open/);

    await list({ all: true, tenant: 'ten_1' }, ctx);
    expect(invoices.listAll).toHaveBeenCalledWith({ tenant_id: 'ten_1' });

    const shown = fakeContext({ client: { invoices } });
    await show({ id: 'inv_1' }, shown);
    expect(shown.stdoutText()).toMatch(/^total:\s+10\.10 EUR$/m);
    expect(shown.stdoutText()).toMatch(/Messages over the 2 included\s+2\s+0\.05 EUR\s+0\.10 EUR/);
  });

  it('download writes the PDF (default name: the number) or the HTML to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wagw-cli-'));
    const pdf = Uint8Array.from(Buffer.from('%PDF-1.3 bytes'));
    const invoices = {
      pdf: vi.fn(async () => pdf),
      html: vi.fn(async () => '<h1>WAGW-000007</h1>'),
      get: vi.fn(async () => invoice()),
    };
    const ctx = fakeContext({ client: { invoices } });
    await download({ id: 'inv_1', output: join(dir, 'x.pdf') }, ctx);
    expect(readFileSync(join(dir, 'x.pdf'))).toEqual(Buffer.from(pdf));
    expect(ctx.stderrText()).toContain('wrote');
    await download({ id: 'inv_1', format: 'html', output: join(dir, 'x.html'), json: true }, ctx);
    expect(readFileSync(join(dir, 'x.html'), 'utf8')).toBe('<h1>WAGW-000007</h1>');

    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await download({ id: 'inv_1' }, fakeContext({ client: { invoices } }));
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(dir, 'WAGW-000007.pdf'))).toEqual(Buffer.from(pdf));
  });

  it('admin invoices pay passes the reference; void', async () => {
    const invoices = {
      pay: vi.fn(async () =>
        invoice({ status: 'paid', payment_provider: 'manual', payment_reference: 'SEPA-1' }),
      ),
      void: vi.fn(async () => invoice({ status: 'void' })),
    };
    const ctx = fakeContext({ client: { invoices } });
    await runPay({ id: 'inv_1', reference: 'SEPA-1' }, ctx);
    expect(invoices.pay).toHaveBeenCalledWith('inv_1', { reference: 'SEPA-1' });
    expect(ctx.stdoutText()).toMatch(/^payment:\s+manual SEPA-1$/m);
    await runVoid({ id: 'inv_1', json: true }, fakeContext({ client: { invoices } }));
    expect(invoices.void).toHaveBeenCalledWith('inv_1');
  });

  it('analytics: the report and range flags reach the SDK; text and --json output', async () => {
    const range = { from: T, to: '2026-11-08T00:00:00.000Z', session_id: null };
    const client = {
      analytics: {
        overview: vi.fn(async () => ({
          ...range,
          messages_by_status: { read: 3, failed: 1 },
          messages_by_direction: { outbound: 4, inbound: 1 },
          active_sessions: 1,
          api_calls: 9,
        })),
        delivery: vi.fn(async () => ({
          ...range,
          outbound: 4,
          delivered: 3,
          read: 3,
          delivery_rate: 0.75,
          read_rate: 0.75,
          time_to_delivered: { count: 3, avg_ms: 40, p50_ms: 38, p90_ms: 60 },
          time_to_read: { count: 3, avg_ms: 80, p50_ms: 77, p90_ms: 99 },
        })),
        daily: vi.fn(async () => ({
          ...range,
          days: [{ date: '2026-11-01', sent: 4, delivered: 3, read: 3, failed: 1, received: 1 }],
        })),
      },
    };
    const ctx = fakeContext({ client });
    await analytics({ from: '2026-11-01', to: '2026-11-08' }, ctx);
    expect(client.analytics.overview).toHaveBeenCalledWith({ from: '2026-11-01', to: '2026-11-08' });
    expect(ctx.stdoutText()).toMatch(/^ {2}failed:\s+1$/m);

    const d = fakeContext({ client });
    await analytics({ report: 'delivery', session: 'ses_1' }, d);
    expect(client.analytics.delivery).toHaveBeenCalledWith({ session_id: 'ses_1' });
    expect(d.stdoutText()).toMatch(/^delivery rate:\s+75\.0%$/m);
    expect(d.stdoutText()).toMatch(/^to read p90:\s+99 ms$/m);

    const daily = fakeContext({ client });
    await analytics({ report: 'daily', json: true }, daily);
    expect(JSON.parse(daily.stdoutText()).days).toHaveLength(1);

    const bad = fakeContext({ client });
    expect(await main(['analytics', 'weekly'], bad)).toBe(1);
    expect(bad.stderrText()).toContain('expected one of overview, delivery, failures, daily');
  });
});
