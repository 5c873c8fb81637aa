import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BroadcastsRepo } from '../../storage/repositories/broadcasts-repo.js';
import { testDialects } from '../../testing/dialects.js';
import { restartableServer } from '../../testing/restartable-server.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

type Wire = Record<string, unknown> & { id: string };
type Progress = { total: number; pending: number; queued: number; failed: number; skipped: number };

/** Sandbox numbers ending 0000–0003 read, deliver, … what they get; 0100+ just receive. */
const phone = (i: number) => `+1415555${String(1000 + i).padStart(4, '0')}`;
const csvOf = (n: number) =>
  ['phone,first_name,order', ...Array.from({ length: n }, (_, i) => `${phone(i)},Name${i},A-${i}`)].join(
    '\n',
  );

describe.each(testDialects())('broadcasts on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    // New tenants on Free (100 messages a month): the quota test's tenant runs out.
    s = await startTestServer(dialect, { billing: { defaultPlan: 'free' } });
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const create = (body: object) =>
    s.request('POST', '/v1/broadcasts', { body: { session_id: session, ...body } });
  const get = async (id: string) => (await s.request('GET', `/v1/broadcasts/${id}`)).body;
  const finished = (id: string, status = 'completed') =>
    eventually(async () => {
      const b = await get(id);
      return b.status === status ? b : undefined;
    }, 20_000);
  const recipients = async (id: string) =>
    (await s.request('GET', `/v1/broadcasts/${id}/recipients?limit=1000`)).body.data as Array<
      Wire & { to: string; message_id: string | null; state: string; position: number }
    >;

  it('a CSV broadcast queues one rendered message per row, in order, and completes', async () => {
    const res = await create({
      name: 'December',
      message: { type: 'text', text: 'Hi {{first_name}}, order {{order}} shipped' },
      csv: csvOf(25),
      per_minute: 6000,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      object: 'broadcast',
      status: 'queued',
      name: 'December',
      per_minute: 6000,
    });
    expect(res.body.progress).toMatchObject({ total: 25, pending: 25 });
    const done = await finished(res.body.id);
    expect(done.progress).toMatchObject({ total: 25, pending: 0, queued: 25, failed: 0, skipped: 0 });
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
    const rows = await recipients(res.body.id);
    expect(rows.map((r) => r.to)).toEqual(Array.from({ length: 25 }, (_, i) => phone(i)));
    const messages = await Promise.all(
      rows.map(async (r) => (await s.request('GET', `/v1/messages/${r.message_id}`)).body),
    );
    expect(messages.map((m) => m.text)).toEqual(
      Array.from({ length: 25 }, (_, i) => `Hi Name${i}, order A-${i} shipped`),
    );
    expect(messages.every((m, i) => m.to === phone(i) && m.session_id === session)).toBe(true);
    const sent = await eventually(async () => {
      const b = await get(res.body.id);
      return b.progress.messages.sent === 25 ? b : undefined;
    });
    expect(sent.progress.messages.sent).toBe(25);
  });

  it('from a template, with JSON recipients', async () => {
    const tpl = await s.request('POST', '/v1/templates', {
      body: { name: 'promo', body: { type: 'text', text: 'Sale for {{name}}' } },
    });
    const res = await create({
      template_id: tpl.body.id,
      recipients: [
        { to: phone(100), variables: { name: 'Ada' } },
        { to: phone(101), variables: { name: 'Grace', extra: 'ignored' } },
      ],
      per_minute: 6000,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      template_id: tpl.body.id,
      message: { type: 'text', text: 'Sale for {{name}}' },
    });
    await finished(res.body.id);
    const rows = await recipients(res.body.id);
    const texts = await Promise.all(
      rows.map(async (r) => (await s.request('GET', `/v1/messages/${r.message_id}`)).body.text),
    );
    expect(texts).toEqual(['Sale for Ada', 'Sale for Grace']);
  });

  it('refuses bad rows with their row numbers, and bad requests, storing nothing', async () => {
    const before = (await s.request('GET', '/v1/broadcasts?limit=100')).body.data.length;
    const bad = await create({
      message: { type: 'text', text: 'Hi {{first_name}}' },
      csv: `phone,first_name\n${phone(1)},Ada\nnot-a-number,Bob\n${phone(1)},Again\n${phone(2)},\n`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'csv' });
    expect(bad.body.error.message).toMatch(/row 3: /);
    expect(bad.body.error.message).toMatch(/row 4: \+14155551001 is also row 2/);
    expect(bad.body.error.message).toMatch(/row 5: no value for first_name/);
    for (const body of [
      { csv: 'phone\n+14155550100\n' },
      { message: { type: 'text', text: 'x' } },
      { message: { type: 'text', text: 'x' }, csv: 'name\nAda\n' },
      { message: { type: 'text', text: 'x' }, recipients: [] },
      { message: { type: 'text', text: 'x' }, recipients: [{ to: phone(1) }], per_minute: 100_000 },
    ]) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const noSession = await s.request('POST', '/v1/broadcasts', {
      body: { session_id: 'ses_nope', message: { type: 'text', text: 'x' }, recipients: [{ to: phone(1) }] },
    });
    expect(noSession.body.error.code).toBe('SESSION_NOT_FOUND');
    const noTemplate = await create({ template_id: 'tpl_nope', recipients: [{ to: phone(1) }] });
    expect(noTemplate.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    expect((await s.request('GET', '/v1/broadcasts?limit=100')).body.data.length).toBe(before);
    expect((await s.request('GET', '/v1/broadcasts/brd_nope')).body.error.code).toBe('BROADCAST_NOT_FOUND');
  });

  it('pauses, resumes where it stopped, and a cancel skips the rest', async () => {
    const res = await create({ message: { type: 'text', text: 'slow' }, csv: csvOf(40), per_minute: 120 });
    const id = res.body.id as string;
    await eventually(async () => ((await get(id)).progress.queued >= 1 ? true : undefined));
    const paused = await s.request('POST', `/v1/broadcasts/${id}/pause`);
    expect(paused.body.status).toBe('paused');
    const at = (paused.body.progress as Progress).queued;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await get(id)).progress.queued).toBe(at);
    expect((await s.request('POST', `/v1/broadcasts/${id}/pause`)).body.error.code).toBe(
      'BROADCAST_STATE_CONFLICT',
    );
    expect((await s.request('POST', `/v1/broadcasts/${id}/resume`)).body.status).toBe('running');
    await eventually(async () => ((await get(id)).progress.queued > at ? true : undefined));
    const cancelled = await s.request('POST', `/v1/broadcasts/${id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const p = cancelled.body.progress as Progress;
    expect(p.pending).toBe(0);
    expect(p.queued + p.skipped).toBe(40);
    expect(p.skipped).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 700));
    expect((await get(id)).progress.queued).toBe(p.queued);
    expect((await s.request('POST', `/v1/broadcasts/${id}/resume`)).status).toBe(409);
    const events = await s.request('GET', `/v1/events?type=broadcast.status&session_id=${session}&limit=100`);
    const mine = (events.body.data as Array<{ data: Record<string, unknown> }>)
      .map((e) => e.data)
      .filter((d) => d.broadcast_id === id);
    expect(mine.map((d) => `${d.previous_status}→${d.status}`)).toEqual([
      'queued→running',
      'running→paused',
      'paused→running',
      'running→cancelled',
    ]);
    expect(mine.at(-1)?.progress).toMatchObject({ pending: 0, skipped: p.skipped });
  });

  it("pauses with the reason when the plan's monthly quota runs out, with a broadcast.status event", async () => {
    const plan = await s.request('PATCH', '/v1/admin/plans/free', {
      body: { requests_per_minute: 100_000 },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    const t = await s.tenant('quota-broadcast');
    const own = (await s.request('POST', '/v1/sessions', { key: t.key, body: { start: false } })).body.id;
    const res = await s.request('POST', '/v1/broadcasts', {
      key: t.key,
      // The Free plan's 100 messages a month, and two more.
      body: { session_id: own, message: { type: 'text', text: 'x' }, csv: csvOf(102), per_minute: 6000 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const paused = await eventually(async () => {
      const b = (await s.request('GET', `/v1/broadcasts/${res.body.id}`, { key: t.key })).body;
      return b.status === 'paused' ? b : undefined;
    });
    expect(paused).toMatchObject({ status_reason: 'MESSAGE_QUOTA_EXCEEDED' });
    expect(paused.progress).toMatchObject({ queued: 100, pending: 2, failed: 0 });
    const events = await s.request('GET', `/v1/events?type=broadcast.status&session_id=${own}`, {
      key: t.key,
    });
    expect(events.body.data.at(-1).data).toMatchObject({
      status: 'paused',
      previous_status: 'running',
      reason: 'MESSAGE_QUOTA_EXCEEDED',
    });
    // Another tenant cannot see it.
    expect((await get(res.body.id)).error.code).toBe('BROADCAST_NOT_FOUND');
  });

  it('a storage failure after a message was accepted never gives its recipient a second one', async () => {
    const settle = vi.spyOn(BroadcastsRepo.prototype, 'settle');
    settle.mockRejectedValueOnce(new Error('disk I/O error'));
    try {
      const res = await create({ message: { type: 'text', text: 'once' }, csv: csvOf(5), per_minute: 6000 });
      await finished(res.body.id);
      const rows = await recipients(res.body.id);
      expect(new Set(rows.map((r) => r.message_id)).size).toBe(5);
      const list = await s.request('GET', `/v1/sessions/${session}/messages?q=once&limit=100`);
      expect(list.body.data).toHaveLength(5);
    } finally {
      settle.mockRestore();
    }
  });
});

describe.each(testDialects())('a broadcast across a restart on %s', (dialect) => {
  let servers: ReturnType<typeof restartableServer>;
  afterEach(() => servers.cleanup());

  it('goes on where it stopped, and every recipient has exactly one message', async () => {
    servers = restartableServer(dialect, 5);
    const { boot, req } = servers;
    const first = await boot();
    const session = await req(first, 'POST', '/v1/sessions', { auto_pair: true });
    const created = await req(first, 'POST', '/v1/broadcasts', {
      session_id: session.id,
      message: { type: 'text', text: 'restart {{first_name}}' },
      csv: csvOf(30),
      per_minute: 600,
    });
    await eventually(async () =>
      (await req(first, 'GET', `/v1/broadcasts/${created.id}`)).progress.queued >= 5 ? 1 : undefined,
    );
    await first.app.close();
    const second = await boot();
    const stoppedAt = (await req(second, 'GET', `/v1/broadcasts/${created.id}`)).progress.queued as number;
    expect(stoppedAt).toBeLessThan(30);
    const done = await eventually(async () => {
      const b = await req(second, 'GET', `/v1/broadcasts/${created.id}`);
      return b.status === 'completed' ? b : undefined;
    }, 20_000);
    expect(done.progress).toMatchObject({ total: 30, queued: 30, pending: 0 });
    const messages = await req(second, 'GET', `/v1/sessions/${session.id}/messages?q=restart&limit=100`);
    const perRecipient = new Map<string, number>();
    for (const m of messages.data as Array<{ to: string }>)
      perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    expect(perRecipient.size).toBe(30);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
  });
});
