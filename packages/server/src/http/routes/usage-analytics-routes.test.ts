import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallsMeter } from '../../domain/api-calls-meter.js';
import { monthOf } from '../../domain/billing-period.js';
import { connectedSession } from '../../testing/billing-fixtures.js';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

type Msg = {
  id: string;
  status: string;
  direction: string;
  created_at: string;
  delivered_at: string | null;
  read_at: string | null;
};

const DAY = 86_400_000;
const nearestRank = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];

describe.each(testDialects())('usage and analytics on %s', (dialect) => {
  let s: TestServer;
  let tenant: { id: string; key: string };
  let session: string;
  let messages: Msg[];

  beforeAll(async () => {
    s = await startTestServer(dialect);
    tenant = await s.tenant('acme');
    session = await connectedSession(s, tenant.key);
    // reads, delivers only, never delivers, fails, echoes (an inbound reply), reads.
    const sent: string[] = [];
    for (const to of [
      '+14155550000',
      '+14155550001',
      '+14155550002',
      '+14155550003',
      '+14155550004',
      '+14155559990',
    ]) {
      const res = await s.request('POST', `/v1/sessions/${session}/messages`, {
        key: tenant.key,
        body: { type: 'text', to, text: 'hi' },
      });
      sent.push(res.body.id);
    }
    messages = await eventually(async () => {
      const list = (await s.request('GET', `/v1/sessions/${session}/messages?limit=100`, { key: tenant.key }))
        .body.data as Msg[];
      const settled = (id: string, status: string) => list.find((m) => m.id === id)?.status === status;
      const done =
        settled(sent[0]!, 'read') &&
        settled(sent[1]!, 'delivered') &&
        settled(sent[2]!, 'sent') &&
        settled(sent[3]!, 'failed') &&
        // The echoing recipient reads too: wait for its last step, or a busy machine can see it move on.
        settled(sent[4]!, 'read') &&
        settled(sent[5]!, 'read') &&
        list.some((m) => m.direction === 'inbound');
      return done ? list : undefined;
    });
  });
  afterAll(() => s?.close());

  it('GET /v1/usage counts the month’s messages by direction from the messages table, and sessions', async () => {
    const res = await s.request('GET', '/v1/usage', { key: tenant.key });
    expect(res.status).toBe(200);
    const month = monthOf(Date.now());
    expect(res.body).toMatchObject({
      tenant_id: tenant.id,
      period: new Date(month.start).toISOString().slice(0, 7),
      period_start: new Date(month.start).toISOString(),
      period_end: new Date(month.end).toISOString(),
      messages_sent: 6,
      messages_received: 1,
      media_bytes: 0,
      active_sessions: 1,
    });
    const past = await s.request('GET', '/v1/usage?period=2020-01', { key: tenant.key });
    expect(past.body).toMatchObject({
      period: '2020-01',
      messages_sent: 0,
      messages_received: 0,
      api_calls: 0,
    });
    for (const bad of ['2026-13', '2026-1', 'now']) {
      const r = await s.request('GET', `/v1/usage?period=${bad}`, { key: tenant.key });
      expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('every authenticated request counts one api_call for its tenant, batched and flushed', async () => {
    const other = await s.tenant('counted');
    for (let i = 0; i < 3; i++) await s.request('GET', '/v1/sessions', { key: other.key });
    await s.request('GET', '/v1/sessions', { key: 'wagw_live_not-a-key' });
    const month = monthOf(Date.now()).start;
    await eventually(async () => {
      await s.gateway.apiCalls.flush();
      const counters = await s.gateway.storage.usage.counters(month, [other.id]);
      return counters.get(other.id)?.get('api_calls') === 3 ? true : undefined;
    });
    const usage = await s.request('GET', '/v1/usage', { key: other.key });
    expect(usage.body.api_calls).toBe(3);
  });

  it('the meter writes what it holds when closed, one upsert per tenant and month', async () => {
    const meter = new ApiCallsMeter(s.gateway.storage, s.gateway.logger, 60_000);
    const t = await s.tenant('meter');
    const month = monthOf(Date.now()).start;
    for (let i = 0; i < 5; i++) meter.count(t.id);
    meter.count(t.id, 'live', Date.UTC(2020, 0, 15));
    await meter.close();
    const now = await s.gateway.storage.usage.counters(month, [t.id]);
    const then = await s.gateway.storage.usage.counters(Date.UTC(2020, 0, 1), [t.id]);
    expect(now.get(t.id)?.get('api_calls')).toBe(5);
    expect(then.get(t.id)?.get('api_calls')).toBe(1);
  });

  it('GET /v1/admin/usage lists every tenant (platform admin only)', async () => {
    const res = await s.request('GET', '/v1/admin/usage?limit=100');
    expect(res.status).toBe(200);
    const mine = res.body.data.find((u: { tenant_id: string }) => u.tenant_id === tenant.id);
    expect(mine).toMatchObject({ messages_sent: 6, messages_received: 1 });
    expect(res.body.data.length).toBeGreaterThanOrEqual(2);
    const page = await s.request('GET', '/v1/admin/usage?limit=1');
    expect(page.body).toMatchObject({ has_more: true });
    expect(page.body.data).toHaveLength(1);
    expect((await s.request('GET', '/v1/admin/usage', { key: tenant.key })).status).toBe(403);
  });

  it('overview: messages by status and direction, active sessions, API calls', async () => {
    const res = await s.request('GET', '/v1/analytics/overview', { key: tenant.key });
    expect(res.status).toBe(200);
    const byStatus: Record<string, number> = {};
    for (const m of messages) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
    expect(res.body.messages_by_status).toEqual(byStatus);
    expect(res.body.messages_by_direction).toEqual({ outbound: 6, inbound: 1 });
    expect(res.body.active_sessions).toBe(1);
    expect(res.body.api_calls).toBeGreaterThanOrEqual(0);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(30 * DAY);
  });

  it('delivery: rates and exact nearest-rank percentiles of time to delivered and to read', async () => {
    const res = await s.request('GET', '/v1/analytics/delivery', { key: tenant.key });
    expect(res.status).toBe(200);
    const outbound = messages.filter((m) => m.direction === 'outbound');
    const elapsed = (m: Msg, at: string | null) =>
      at === null ? null : Date.parse(at) - Date.parse(m.created_at);
    const toDelivered = outbound.map((m) => elapsed(m, m.delivered_at)).filter((d) => d !== null);
    const toRead = outbound.map((m) => elapsed(m, m.read_at)).filter((d) => d !== null);
    toDelivered.sort((a, b) => a - b);
    toRead.sort((a, b) => a - b);
    expect(res.body).toMatchObject({
      outbound: 6,
      delivered: toDelivered.length,
      read: toRead.length,
      delivery_rate: toDelivered.length / 6,
      read_rate: toRead.length / 6,
    });
    const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    expect(res.body.time_to_delivered).toEqual({
      count: toDelivered.length,
      avg_ms: avg(toDelivered),
      p50_ms: nearestRank(toDelivered, 0.5),
      p90_ms: nearestRank(toDelivered, 0.9),
    });
    expect(res.body.time_to_read).toEqual({
      count: toRead.length,
      avg_ms: avg(toRead),
      p50_ms: nearestRank(toRead, 0.5),
      p90_ms: nearestRank(toRead, 0.9),
    });
  });

  it('failures by error code; daily series with empty days as zeros', async () => {
    const failures = await s.request('GET', '/v1/analytics/failures', { key: tenant.key });
    expect(failures.body).toMatchObject({ total: 1, by_code: [{ code: 'RECIPIENT_UNREACHABLE', count: 1 }] });

    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - 2 * DAY).toISOString().slice(0, 10);
    const to = new Date(Date.parse(today) + DAY).toISOString().slice(0, 10);
    const daily = await s.request('GET', `/v1/analytics/daily?from=${from}&to=${to}`, { key: tenant.key });
    expect(daily.status).toBe(200);
    const zero = { sent: 0, delivered: 0, read: 0, failed: 0, received: 0 };
    expect(daily.body.days).toHaveLength(3);
    expect(daily.body.days[0]).toEqual({ date: from, ...zero });
    expect(daily.body.days[1]).toEqual({
      date: new Date(Date.parse(today) - DAY).toISOString().slice(0, 10),
      ...zero,
    });
    const outbound = messages.filter((m) => m.direction === 'outbound');
    expect(daily.body.days[2]).toEqual({
      date: today,
      sent: outbound.filter((m) => m.status !== 'failed').length,
      delivered: outbound.filter((m) => m.delivered_at !== null).length,
      read: outbound.filter((m) => m.read_at !== null).length,
      failed: 1,
      received: 1,
    });
  });

  it('session_id narrows to one session; another tenant’s session is not found', async () => {
    const quiet = (await s.request('POST', '/v1/sessions', { key: tenant.key, body: {} })).body.id;
    const res = await s.request('GET', `/v1/analytics/overview?session_id=${quiet}`, { key: tenant.key });
    expect(res.body).toMatchObject({
      session_id: quiet,
      messages_by_status: {},
      messages_by_direction: { outbound: 0, inbound: 0 },
    });
    const stranger = await s.tenant('stranger');
    const foreign = await s.request('GET', `/v1/analytics/delivery?session_id=${session}`, {
      key: stranger.key,
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);
    const empty = await s.request('GET', '/v1/analytics/delivery', { key: stranger.key });
    expect(empty.body).toMatchObject({
      outbound: 0,
      delivery_rate: null,
      time_to_read: { count: 0, p50_ms: null },
    });
  });

  it('refuses an inverted, too long or malformed range with VALIDATION_FAILED', async () => {
    for (const q of [
      'from=2026-02-01&to=2026-01-01',
      'from=2024-01-01&to=2026-01-01',
      'from=yesterday',
      'to=2026-02-30T99:00:00Z',
    ]) {
      const r = await s.request('GET', `/v1/analytics/daily?${q}`, { key: tenant.key });
      expect([q, r.status, r.body.error.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });
});
