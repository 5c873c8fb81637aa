import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../domain/billing-period.js';
import type { OpenedDatabase } from '../../storage/open-database.js';
import { connectedSession, fixtureDb, insertPlan } from '../../testing/billing-fixtures.js';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(' ');
}

describe.each(testDialects())('invoices on %s', (dialect) => {
  let s: TestServer;
  let fixtures: OpenedDatabase;
  let tenant: { id: string; key: string };
  let session: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    fixtures = await fixtureDb(s);
    await insertPlan(fixtures, {
      id: 'pln_basic',
      priceCents: 1000,
      monthlyMessages: 2,
      overageCentsPerMessage: 5,
    });
    tenant = await s.tenant('acme');
    session = await connectedSession(s, tenant.key);
  });
  afterAll(async () => {
    await fixtures?.close();
    await s?.close();
  });

  const generate = (periodStart: number, periodEnd: number, tenantId = tenant.id) =>
    s.gateway.storage.transaction((tx) =>
      s.gateway.invoices.generateFor(tx, {
        tenantId,
        subscriptionId: 'sub_x',
        planId: 'pln_basic',
        periodStart,
        periodEnd,
      }),
    );

  it('bills the plan price and the overage of the messages really sent, and downloads as a PDF that opens', async () => {
    // Four reach the recipient, one fails: 4 billable outbound, 2 over the quota of 2.
    const to = ['+14155550000', '+14155550001', '+14155550002', '+14155550000', '+14155550003'];
    const ids: string[] = [];
    for (const phone of to) {
      const res = await s.request('POST', `/v1/sessions/${session}/messages`, {
        key: tenant.key,
        body: { type: 'text', to: phone, text: 'hi' },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    await eventually(async () => {
      const statuses = await Promise.all(
        ids.map(
          async (id) => (await s.request('GET', `/v1/messages/${id}`, { key: tenant.key })).body.status,
        ),
      );
      return statuses.every((st) => st !== 'queued') && statuses.includes('failed') ? true : undefined;
    });

    const month = monthOf(Date.now());
    const made = await generate(month.start, month.end);
    expect(made.totalCents).toBe(1010);

    const list = await s.request('GET', '/v1/invoices', { key: tenant.key });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const invoice = list.body.data[0];
    expect(invoice).toMatchObject({
      id: made.id,
      tenant_id: tenant.id,
      number: expect.stringMatching(/^WAGW-\d{6}$/),
      status: 'open',
      currency: 'EUR',
      subtotal_cents: 1010,
      total_cents: 1010,
      period_start: new Date(month.start).toISOString(),
      period_end: new Date(month.end).toISOString(),
    });
    expect(invoice.lines).toEqual([
      expect.objectContaining({ kind: 'plan', quantity: 1, unit_cents: 1000, amount_cents: 1000 }),
      expect.objectContaining({ kind: 'overage', quantity: 2, unit_cents: 5, amount_cents: 10 }),
    ]);

    const pdf = await s.request('GET', `/v1/invoices/${made.id}/pdf`, { key: tenant.key });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain(invoice.number);
    expect(text).toContain('10.10 EUR');

    const html = await s.request('GET', `/v1/invoices/${made.id}/html`, { key: tenant.key });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(String(html.body)).toContain(invoice.number);
    expect(String(html.body)).toContain('10.10 EUR');
  });

  it('one invoice per tenant and period: generating twice returns the first', async () => {
    const month = monthOf(Date.now());
    const first = await generate(month.start, month.end);
    const again = await generate(month.start, month.end);
    expect(again.id).toBe(first.id);
    expect(again.number).toBe(first.number);
    const list = await s.request('GET', '/v1/invoices', { key: tenant.key });
    expect(list.body.data).toHaveLength(1);
  });

  it('a period shorter than its month is charged pro rata by time; a zero total is paid at once', async () => {
    const other = await s.tenant('pro-rata');
    const start = Date.UTC(2026, 5, 1); // June: 30 days
    const half = await generate(start + 15 * 86_400_000, Date.UTC(2026, 6, 1), other.id);
    expect(half.lines).toEqual([expect.objectContaining({ kind: 'plan', amountCents: 500 })]);
    expect(half.status).toBe('open');

    await insertPlan(fixtures, {
      id: 'pln_free',
      priceCents: 0,
      monthlyMessages: 100,
      overageCentsPerMessage: null,
    });
    const free = await s.gateway.storage.transaction((tx) =>
      s.gateway.invoices.generateFor(tx, {
        tenantId: other.id,
        subscriptionId: 'sub_y',
        planId: 'pln_free',
        periodStart: Date.UTC(2026, 6, 1),
        periodEnd: Date.UTC(2026, 7, 1),
      }),
    );
    expect(free).toMatchObject({ totalCents: 0, status: 'paid' });
    expect(free.paidAt).not.toBeNull();
  });

  it('numbers are sequential without gaps or duplicates when many are made at once', async () => {
    const tenants = await Promise.all(Array.from({ length: 6 }, (_, i) => s.tenant(`seq-${i}`)));
    const start = Date.UTC(2025, 0, 1);
    const made = await Promise.all(
      tenants.flatMap((t) => [
        generate(start, Date.UTC(2025, 1, 1), t.id),
        generate(Date.UTC(2025, 1, 1), Date.UTC(2025, 2, 1), t.id),
        generate(start, Date.UTC(2025, 1, 1), t.id),
      ]),
    );
    const all = await s.request('GET', '/v1/admin/invoices?limit=100');
    const numbers = (all.body.data as Array<{ sequence: number }>)
      .map((i) => i.sequence)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(new Set(made.map((i) => i.id)).size).toBe(12);
  });

  it('the admin pays through the manual provider (audited) and cannot void a paid invoice', async () => {
    const t = await s.tenant('payer');
    const invoice = await generate(Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), t.id);
    const refused = await s.request('POST', `/v1/admin/invoices/${invoice.id}/pay`, { key: t.key, body: {} });
    expect(refused.status).toBe(403);

    const paid = await s.request('POST', `/v1/admin/invoices/${invoice.id}/pay`, {
      body: { reference: 'SEPA-42' },
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'paid',
      payment_provider: 'manual',
      payment_reference: 'SEPA-42',
    });
    const entries = await s.gateway.storage.audit.list({ tenantId: t.id, action: 'invoice.paid', limit: 10 });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.target).toEqual({ type: 'invoice', id: invoice.id });

    const voided = await s.request('POST', `/v1/admin/invoices/${invoice.id}/void`, { body: {} });
    expect(voided.status).toBe(409);
    expect(voided.body.error.code).toBe('INVOICE_STATE_CONFLICT');
    const payAgain = await s.request('POST', `/v1/admin/invoices/${invoice.id}/pay`, { body: {} });
    expect(payAgain.body.error.code).toBe('INVOICE_STATE_CONFLICT');

    const open = await generate(Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1), t.id);
    const v = await s.request('POST', `/v1/admin/invoices/${open.id}/void`, { body: {} });
    expect(v.body).toMatchObject({ status: 'void' });
    expect(v.body.voided_at).not.toBeNull();
  });

  it("another tenant's invoice is not found; the admin lists by tenant and status", async () => {
    const a = await s.tenant('a');
    const b = await s.tenant('b');
    const invoice = await generate(Date.UTC(2023, 0, 1), Date.UTC(2023, 1, 1), a.id);
    for (const suffix of ['', '/pdf', '/html']) {
      const res = await s.request('GET', `/v1/invoices/${invoice.id}${suffix}`, { key: b.key });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('INVOICE_NOT_FOUND');
    }
    expect((await s.request('GET', '/v1/invoices', { key: b.key })).body.data).toEqual([]);
    const byTenant = await s.request('GET', `/v1/admin/invoices?tenant_id=${a.id}&status=open`);
    expect(byTenant.body.data.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect((await s.request('GET', '/v1/admin/invoices', { key: a.key })).status).toBe(403);
  });
});
