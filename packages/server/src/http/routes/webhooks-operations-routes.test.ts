import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';
import { eventDataCheck } from '../schemas/event-data-check.js';

interface Received {
  /** The path POSTed to: each endpoint of these tests has its own. */
  path: string;
  headers: Record<string, string>;
  body: string;
  id: string;
  type: string;
}

/** A receiver whose answer the test sets (`status`), recording every POST. */
async function receiver() {
  const state = { status: 200, received: [] as Received[] };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { id: string; type: string };
      state.received.push({
        path: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body,
        id: parsed.id,
        type: parsed.type,
      });
      res.writeHead(state.status, { 'x-receiver': 'test' }).end(state.status < 300 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return Object.assign(state, { url, close: () => new Promise<void>((r) => server.close(() => r())) });
}

type Delivery = {
  status: string;
  event_id: string;
  attempts: Array<{
    status_code: number | null;
    request_headers: Record<string, string> | null;
    response_headers: Record<string, string> | null;
  }>;
};

describe.each(testDialects())('webhook operations on %s', (dialect) => {
  let s: TestServer;
  let r: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    r = await receiver();
  });
  afterAll(async () => {
    await r.close();
    await s.close();
  });

  const trigger = async (key?: string) => {
    const e = await s.request('POST', '/v1/event-types/webhook.endpoint_disabled/trigger', {
      body: {},
      ...(key && { key }),
    });
    expect(e.status).toBe(201);
    return e.body.id as string;
  };
  const deliveries = async (id: string): Promise<Delivery[]> =>
    (await s.request('GET', `/v1/webhooks/${id}/deliveries?limit=100`)).body.data;
  let endpoints = 0;
  /** An endpoint of its own path; `got` is what the receiver got at that path. */
  const endpoint = async (body: object = {}) => {
    const path = `/hook/${++endpoints}`;
    const created = await s.request('POST', '/v1/webhooks', {
      body: { url: new URL(path, r.url).href, events: ['webhook.*'], ...body },
    });
    expect(created.status).toBe(201);
    const got = () => r.received.filter((x) => x.path === path);
    return { ...(created.body as { id: string; secret: string }), got };
  };

  it('keeps a retry schedule and a disable period per endpoint; bad ones are coded 400s', async () => {
    const hook = await endpoint({
      retry_schedule: [0, 10, 60],
      disable_after_seconds: 3600,
      description: 'crm',
    });
    const got = await s.request('GET', `/v1/webhooks/${hook.id}`);
    expect(got.body).toMatchObject({
      retry_schedule: [0, 10, 60],
      disable_after_seconds: 3600,
      failing_since: null,
      disabled_reason: null,
      disabled_at: null,
      previous_secret_expires_at: null,
    });
    const reset = await s.request('PATCH', `/v1/webhooks/${hook.id}`, {
      body: { retry_schedule: null, disable_after_seconds: 120, description: null },
    });
    expect(reset.body).toMatchObject({ retry_schedule: null, disable_after_seconds: 120, description: null });
    const cleared = await s.request('PATCH', `/v1/webhooks/${hook.id}`, {
      body: { disable_after_seconds: null },
    });
    expect(cleared.body.disable_after_seconds).toBeNull();
    // A lone 0 is a schedule of one immediate attempt, not a reset.
    const once = await s.request('PATCH', `/v1/webhooks/${hook.id}`, { body: { retry_schedule: [0] } });
    expect(once.body.retry_schedule).toEqual([0]);
    for (const [body, param] of [
      [{ retry_schedule: [] }, 'retry_schedule'],
      [{ retry_schedule: [-1] }, 'retry_schedule.0'],
      [{ disable_after_seconds: 5 }, 'disable_after_seconds'],
    ] as const) {
      const bad = await s.request('PATCH', `/v1/webhooks/${hook.id}`, { body });
      expect([bad.status, bad.body.error.code, bad.body.error.param]).toEqual([
        400,
        'VALIDATION_FAILED',
        param,
      ]);
    }
    await s.request('DELETE', `/v1/webhooks/${hook.id}`);
  });

  it('records what each attempt sent and got back, without the signature', async () => {
    const hook = await endpoint();
    const eventId = await trigger();
    const [d] = await eventually(async () => {
      const all = await deliveries(hook.id);
      return all[0]?.status === 'succeeded' ? all : undefined;
    });
    expect(d!.event_id).toBe(eventId);
    const attempt = d!.attempts[0]!;
    expect(attempt.request_headers).toMatchObject({
      'webhook-id': eventId,
      'content-type': 'application/json',
    });
    expect(attempt.request_headers).not.toHaveProperty('webhook-signature');
    expect(attempt.response_headers).toMatchObject({ 'x-receiver': 'test' });
    await s.request('DELETE', `/v1/webhooks/${hook.id}`);
  });

  it('rotates the secret: both sign during the overlap, the new one is shown once', async () => {
    const hook = await endpoint();
    const rotated = await s.request('POST', `/v1/webhooks/${hook.id}/rotate-secret`, {
      body: { overlap_seconds: 600 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const expires = Date.parse(rotated.body.previous_secret_expires_at);
    expect(Math.abs(expires - (Date.now() + 600_000))).toBeLessThan(30_000);
    expect((await s.request('GET', `/v1/webhooks/${hook.id}`)).body).not.toHaveProperty('secret');

    const eventId = await trigger();
    const got = await eventually(async () => hook.got().find((x) => x.id === eventId));
    expect(got.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    // Each secret alone verifies the delivery: a receiver on either one accepts it.
    for (const secret of [hook.secret, rotated.body.secret]) {
      expect(new Webhook(secret).verify(got.body, got.headers)).toMatchObject({ id: eventId });
    }

    const now = await s.request('POST', `/v1/webhooks/${hook.id}/rotate-secret`, {
      body: { overlap_seconds: 0 },
    });
    const next = await trigger();
    const single = await eventually(async () => hook.got().find((x) => x.id === next));
    expect(single.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(() => new Webhook(rotated.body.secret).verify(single.body, single.headers)).toThrow();
    expect(new Webhook(now.body.secret).verify(single.body, single.headers)).toMatchObject({ id: next });

    const bad = await s.request('POST', `/v1/webhooks/${hook.id}/rotate-secret`, {
      body: { overlap_seconds: -1 },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await s.request('DELETE', `/v1/webhooks/${hook.id}`);
  });

  it('sends a signed test event and returns the answer, storing nothing', async () => {
    const hook = await endpoint({ events: ['message.read'] });
    const ok = await s.request('POST', `/v1/webhooks/${hook.id}/test`, { body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, status_code: 200, response_body: 'ok', error: null });
    const got = hook.got().find((x) => x.id === ok.body.event_id)!;
    expect(got.type).toBe('webhook.test');
    const payload = new Webhook(hook.secret).verify(got.body, got.headers) as {
      type: 'webhook.test';
      data: Record<string, unknown>;
    };
    expect(payload).toMatchObject({ type: 'webhook.test', session_id: null, sequence: 0 });
    // It is in the event catalog, and matches its schema there.
    expect(() => eventDataCheck()(payload.type, payload.data)).not.toThrow();
    expect(payload.data).toEqual({ endpoint_id: hook.id, message: expect.any(String) });
    r.status = 503;
    try {
      const down = await s.request('POST', `/v1/webhooks/${hook.id}/test`, { body: {} });
      expect(down.body).toMatchObject({ ok: false, status_code: 503, error: 'HTTP 503' });
    } finally {
      r.status = 200;
    }
    expect(await deliveries(hook.id)).toEqual([]);
    const missing = await s.request('POST', '/v1/webhooks/whk_nope/test', { body: {} });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
    await s.request('DELETE', `/v1/webhooks/${hook.id}`);
  });

  it("resends one event with the same webhook-id; another tenant's event is not found", async () => {
    const hook = await endpoint();
    const eventId = await trigger();
    await eventually(async () => ((await deliveries(hook.id))[0]?.status === 'succeeded' ? true : undefined));
    const resent = await s.request('POST', `/v1/webhooks/${hook.id}/resend`, { body: { event_id: eventId } });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ event_id: eventId, status: 'pending', attempts: [] });
    await eventually(async () =>
      hook.got().filter((x) => x.id === eventId).length === 2 ? true : undefined,
    );
    // The receiver has the copy a moment before the delivery's success is recorded.
    await eventually(async () => {
      expect((await deliveries(hook.id)).map((d) => d.status)).toEqual(['succeeded', 'succeeded']);
      return true;
    });

    const other = await s.tenant('resend-other');
    const theirs = await trigger(other.key);
    for (const id of [theirs, 'evt_nope']) {
      const refused = await s.request('POST', `/v1/webhooks/${hook.id}/resend`, { body: { event_id: id } });
      expect([refused.status, refused.body.error.code]).toEqual([404, 'EVENT_NOT_FOUND']);
    }
    await s.request('DELETE', `/v1/webhooks/${hook.id}`);
  });

  it('recovers every failed event of a time range once, and only those', async () => {
    const hook = await endpoint({ retry_schedule: [0] });
    const since = new Date(Date.now() - 1000).toISOString();
    r.status = 500;
    let failedIds: string[];
    try {
      failedIds = [await trigger(), await trigger(), await trigger()];
      await eventually(async () => {
        const all = await deliveries(hook.id);
        return all.length === 3 && all.every((d) => d.status === 'failed') ? true : undefined;
      });
    } finally {
      r.status = 200;
    }
    const delivered = await trigger();
    await eventually(async () => ((await deliveries(hook.id)).length === 4 ? true : undefined));
    await eventually(async () =>
      (await deliveries(hook.id)).find((d) => d.event_id === delivered)?.status === 'succeeded'
        ? true
        : undefined,
    );

    const recovered = await s.request('POST', `/v1/webhooks/${hook.id}/recover`, { body: { since } });
    expect([recovered.status, recovered.body]).toEqual([202, { queued: 3 }]);
    await eventually(async () => {
      const all = await deliveries(hook.id);
      return all.length === 7 && all.every((d) => d.status !== 'pending') ? true : undefined;
    });
    for (const id of failedIds) {
      expect(
        hook
          .got()
          .filter((x) => x.id === id)
          .map((x) => x.headers['webhook-id']),
      ).toEqual([id, id]);
    }
    expect(hook.got().filter((x) => x.id === delivered)).toHaveLength(1);
    const again = await s.request('POST', `/v1/webhooks/${hook.id}/recover`, { body: { since } });
    expect(again.body).toEqual({ queued: 0 });

    const backwards = await s.request('POST', `/v1/webhooks/${hook.id}/recover`, {
      body: { since, until: new Date(Date.parse(since) - 1000).toISOString() },
    });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const notADate = await s.request('POST', `/v1/webhooks/${hook.id}/recover`, {
      body: { since: 'yesterday' },
    });
    expect([notADate.status, notADate.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    await s.request('DELETE', `/v1/webhooks/${hook.id}`);
  });
});
