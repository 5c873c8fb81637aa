import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const PDF = Uint8Array.from(Buffer.from('%PDF-1.3\n%\xff\xff\n', 'latin1'));

describe('usage, invoices and analytics', () => {
  it('calls each route with its method, path and query', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { data: [], has_more: false }));
    const wagw = server.client();
    await wagw.usage.get({ period: '2026-11' });
    await wagw.invoices.list({ status: 'open' });
    await wagw.invoices.get('inv_1');
    await wagw.invoices.listAll({ tenant_id: 'ten_1' });
    await wagw.invoices.pay('inv_1', { reference: 'SEPA-1' });
    await wagw.invoices.void('inv_1');
    await wagw.analytics.overview({ from: '2026-11-01', to: '2026-11-08' });
    await wagw.analytics.delivery({ session_id: 'ses_1' });
    await wagw.analytics.failures();
    await wagw.analytics.daily();
    expect(
      server.requests.map((r) => `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ''} ${r.body}`),
    ).toEqual([
      'GET /v1/usage?period=2026-11 ',
      'GET /v1/invoices?status=open ',
      'GET /v1/invoices/inv_1 ',
      'GET /v1/admin/invoices?tenant_id=ten_1 ',
      'POST /v1/admin/invoices/inv_1/pay {"reference":"SEPA-1"}',
      'POST /v1/admin/invoices/inv_1/void {}',
      'GET /v1/analytics/overview?from=2026-11-01&to=2026-11-08 ',
      'GET /v1/analytics/delivery?session_id=ses_1 ',
      'GET /v1/analytics/failures ',
      'GET /v1/analytics/daily ',
    ]);
  });

  it('pdf() returns the bytes, html() the page', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path.endsWith('/pdf')) {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(PDF);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<h1>Invoice WAGW-000001 – €</h1>');
      }
    });
    const wagw = server.client();
    expect(await wagw.invoices.pdf('inv_1')).toEqual(PDF);
    expect(await wagw.invoices.html('inv_1')).toBe('<h1>Invoice WAGW-000001 – €</h1>');
  });

  it('usage.listAll() pages by tenant id', async () => {
    server = await startFakeServer((req, res) =>
      sendJson(
        res,
        200,
        req.query.get('starting_after') === 'ten_2'
          ? { data: [{ tenant_id: 'ten_3' }], has_more: false }
          : { data: [{ tenant_id: 'ten_1' }, { tenant_id: 'ten_2' }], has_more: true },
      ),
    );
    const ids: string[] = [];
    for await (const u of server.client().usage.listAll({ period: '2026-11', limit: 2 }))
      ids.push(u.tenant_id);
    expect(ids).toEqual(['ten_1', 'ten_2', 'ten_3']);
    expect(server.requests[1]?.query.toString()).toBe('period=2026-11&limit=2&starting_after=ten_2');
  });
});
