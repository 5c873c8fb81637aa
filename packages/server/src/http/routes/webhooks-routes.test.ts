import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A receiver that fails the first `failFirst` requests with 500. */
async function receiver(failFirst = 0) {
  const received: Received[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      received.push({ headers: req.headers as Record<string, string>, body });
      if (calls <= failFirst) {
        res.writeHead(500).end('receiver is down');
        return;
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(testDialects())('webhooks on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it('CRUD with a secret shown once; bad URLs and event types are coded 4xx', async () => {
    const created = await s.request('POST', '/v1/webhooks', {
      body: { url: 'https://example.com/hook', events: ['message.*'], description: 'crm' },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.id;
    const got = await s.request('GET', `/v1/webhooks/${id}`);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toMatchObject({ url: 'https://example.com/hook', events: ['message.*'], enabled: true });
    const patched = await s.request('PATCH', `/v1/webhooks/${id}`, {
      body: { enabled: false, events: ['*'] },
    });
    expect(patched.body).toMatchObject({ enabled: false, events: ['*'] });
    const listed = await s.request('GET', '/v1/webhooks');
    expect(listed.body.data.map((w: { id: string }) => w.id)).toContain(id);
    expect((await s.request('DELETE', `/v1/webhooks/${id}`)).body).toEqual({ id, deleted: true });
    expect((await s.request('GET', `/v1/webhooks/${id}`)).status).toBe(404);

    const badUrl = await s.request('POST', '/v1/webhooks', { body: { url: 'ftp://x' } });
    expect([badUrl.status, badUrl.body.error.code, badUrl.body.error.param]).toEqual([
      422,
      'WEBHOOK_URL_NOT_ALLOWED',
      'url',
    ]);
    const badEvent = await s.request('POST', '/v1/webhooks', {
      body: { url: 'https://e.com', events: ['nope'] },
    });
    expect([badEvent.status, badEvent.body.error.param]).toEqual([400, 'events']);
  });

  it('refuses private targets unless the operator opted in', async () => {
    const strict = await startTestServer(dialect, { webhooks: { allowPrivateTargets: false } });
    try {
      for (const url of [
        'http://127.0.0.1:8080/x',
        'http://169.254.169.254/latest',
        'http://localhost/x',
        'http://[::1]/x',
      ]) {
        const res = await strict.request('POST', '/v1/webhooks', { body: { url } });
        expect(res.body.error?.code, url).toBe('WEBHOOK_URL_NOT_ALLOWED');
      }
    } finally {
      await strict.close();
    }
  });

  it('delivers signed events that verify with standardwebhooks, retries a failing receiver and records every attempt', async () => {
    const r = await receiver(2);
    try {
      const hook = await s.request('POST', '/v1/webhooks', {
        body: { url: r.url, events: ['message.read'] },
      });
      const session = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
      await eventually(async () =>
        (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'connected' ? true : undefined,
      );
      const msg = await s.request('POST', `/v1/sessions/${session}/messages`, {
        body: { type: 'text', to: '+14155550000', text: 'webhook me' },
      });
      const ok = await eventually(async () => (r.received.length >= 3 ? r.received : undefined));
      // Same webhook-id on every attempt: the receiver's idempotency key.
      expect(new Set(ok.map((x) => x.headers['webhook-id'])).size).toBe(1);
      const last = ok[2]!;
      const payload = new Webhook(hook.body.secret).verify(last.body, last.headers) as {
        type: string;
        data: { id: string; status: string };
      };
      expect(payload.type).toBe('message.read');
      expect(payload.data).toMatchObject({ id: msg.body.id, status: 'read' });
      expect(() =>
        new Webhook(hook.body.secret).verify(last.body.replace('read', 'reed'), last.headers),
      ).toThrow();

      const deliveries = await eventually(async () => {
        const d = await s.request('GET', `/v1/webhooks/${hook.body.id}/deliveries`);
        return d.body.data[0]?.status === 'succeeded' ? d.body.data : undefined;
      });
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0].attempts.map((a: { status_code: number }) => a.status_code)).toEqual([
        500, 500, 200,
      ]);
      expect(deliveries[0].attempts[0].response_body).toBe('receiver is down');
      expect(deliveries[0].attempts[0].duration_ms).toEqual(expect.any(Number));
    } finally {
      await r.close();
    }
  });

  it('gives up after the schedule is exhausted and marks the delivery failed', async () => {
    const r = await receiver(100);
    try {
      const hook = await s.request('POST', '/v1/webhooks', {
        body: { url: r.url, events: ['session.status'] },
      });
      await s.request('POST', '/v1/sessions', { body: { name: 'status-only' } });
      const failed = await eventually(async () => {
        const d = await s.request('GET', `/v1/webhooks/${hook.body.id}/deliveries`);
        const all = d.body.data as Array<{ status: string; attempt_count: number }>;
        return all.length > 0 && all.every((x) => x.status === 'failed') ? all : undefined;
      });
      expect(failed.every((d) => d.attempt_count === 3)).toBe(true);
    } finally {
      await r.close();
    }
  });
});
