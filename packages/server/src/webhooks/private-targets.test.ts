import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { eventually } from '../testing/test-server.js';

/**
 * Regression (issue 6 §3): endpoints created under `--allow-private-webhooks` kept receiving after
 * a restart without it. The configuration is checked at every delivery.
 */
describe.each(testDialects())('private webhook targets on %s', (dialect) => {
  let db: TestDatabase;
  const open: WagwServer[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.app.close().catch(() => undefined);
    await db.cleanup();
  });

  const boot = async (allowPrivateTargets: boolean) => {
    const server = await createServer({
      ...db.config,
      webhooks: {
        allowPrivateTargets,
        retryScheduleSeconds: [0, 0.1, 0.2],
        pollIntervalMs: 50,
        timeoutMs: 2000,
      },
      logger: pino({ level: 'silent' }),
    });
    open.push(server);
    return server;
  };

  it('refuses them after a restart without the opt-in: nothing is sent, one attempt says why', async () => {
    db = testDatabase(dialect);
    let received = 0;
    const receiver = createHttpServer((_req, res) => {
      received++;
      res.end('ok');
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const port = (receiver.address() as AddressInfo).port;
    try {
      const first = await boot(true);
      const { apiKey } = await first.gateway.tenants.initAdmin();
      const req = (s: WagwServer, method: 'GET' | 'POST', url: string, payload?: object) =>
        s.app
          .inject({
            method,
            url,
            headers: { authorization: `Bearer ${apiKey}` },
            ...(payload && { payload }),
          })
          .then((r) => r.json());
      const hooks = [];
      for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]) {
        hooks.push(await req(first, 'POST', '/v1/webhooks', { url, events: ['session.status'] }));
      }
      expect(hooks.map((h) => h.url)).toHaveLength(2);
      await first.app.close();

      const strict = await boot(false);
      await req(strict, 'POST', '/v1/sessions', { name: 'emits session.status' });
      for (const hook of hooks) {
        const failed = await eventually(async () => {
          const list = (await req(strict, 'GET', `/v1/webhooks/${hook.id}/deliveries`)).data;
          return list.length > 0 && list.every((d: { status: string }) => d.status === 'failed')
            ? list
            : undefined;
        });
        for (const d of failed) {
          expect(d.attempt_count, hook.url).toBe(1);
          expect(d.attempts).toHaveLength(1);
          expect(d.attempts[0].status_code).toBeNull();
          expect(d.attempts[0].error, hook.url).toMatch(/^refused: .*(loopback|private).*not retried$/);
        }
      }
      expect(received).toBe(0);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});
