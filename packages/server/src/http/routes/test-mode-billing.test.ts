import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../domain/billing-period.js';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/** Test mode is not billed: quota, usage, invoices and plan allowances see live data only. */
describe.each(testDialects())('test mode and billing on %s', (dialect) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(dialect, { billing: { defaultPlan: 'free' } });
    const res = await s.request('PATCH', '/v1/admin/plans/free', { body: { requests_per_minute: 100_000 } });
    expect(res.status).toBe(200);
  });
  afterAll(() => s.close());

  async function tenantWithKeys(name: string) {
    const t = await s.tenant(name);
    const created = await s.request('POST', '/v1/api-keys', {
      key: t.key,
      body: { name: 't', mode: 'test' },
    });
    expect(created.status).toBe(201);
    return { ...t, testKey: created.body.key as string };
  }

  const send = (key: string, session: string, text: string) =>
    s.request('POST', `/v1/sessions/${session}/messages`, {
      key,
      body: { type: 'text', to: '+14155550000', text },
    });

  it('each mode has the plan allowance: a sandbox session does not use up the live one', async () => {
    const t = await tenantWithKeys('allowance');
    const live = await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } });
    const test = await s.request('POST', '/v1/sessions', { key: t.testKey, body: { start: false } });
    expect([live.status, test.status]).toEqual([201, 201]);
    const secondTest = await s.request('POST', '/v1/sessions', { key: t.testKey, body: { start: false } });
    expect(secondTest.body.error.code).toBe('SESSION_LIMIT_REACHED');
    const secondLive = await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } });
    expect(secondLive.body.error.code).toBe('SESSION_LIMIT_REACHED');
  });

  it('test messages use none of the quota and show in test analytics only; usage and invoices are live', async () => {
    const t = await tenantWithKeys('billing');
    const liveSession = (await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).body
      .id;
    const testSession = (await s.request('POST', '/v1/sessions', { key: t.testKey, body: { start: false } }))
      .body.id;
    for (let i = 0; i < 3; i++) expect((await send(t.testKey, testSession, `t${i}`)).status).toBe(202);
    expect((await send(t.key, liveSession, 'l0')).status).toBe(202);

    const month = monthOf(Date.now());
    expect(await s.gateway.storage.usage.get(t.id, month.start, 'messages_sent')).toBe(1);
    expect(await s.gateway.storage.usage.billableOutbound(t.id, month.start, month.end)).toBe(1);

    await s.gateway.apiCalls.flush();
    const usage = await s.request('GET', '/v1/usage', { key: t.key });
    expect(usage.body).toMatchObject({ messages_sent: 1, active_sessions: 1 });
    const liveCalls = usage.body.api_calls;

    const overview = async (key: string) => (await s.request('GET', '/v1/analytics/overview', { key })).body;
    const testView = await overview(t.testKey);
    expect(testView.messages_by_direction.outbound).toBe(3);
    expect(testView.active_sessions).toBe(1);
    expect((await overview(t.key)).messages_by_direction.outbound).toBe(1);
    // A live session's id is not found by a test key's analytics, and the reverse.
    const scoped = await s.request('GET', `/v1/analytics/overview?session_id=${liveSession}`, {
      key: t.testKey,
    });
    expect(scoped.body.error.code).toBe('SESSION_NOT_FOUND');

    // Calls with the test key are counted apart: the live api_calls grew by the two live calls
    // since (the usage read above and the live overview), not by the test key's.
    await s.gateway.apiCalls.flush();
    const again = await s.request('GET', '/v1/usage', { key: t.key });
    expect(again.body.api_calls).toBe(liveCalls + 2);
    expect(await s.gateway.storage.usage.get(t.id, month.start, 'api_calls_test')).toBeGreaterThanOrEqual(5);
  });
});
