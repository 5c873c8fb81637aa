import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { rateLimitBackends, untilFreshMinute } from '../testing/rate-limit-backends.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

describe.each(testDialects().flatMap((d) => rateLimitBackends().map((b) => [d, b] as const)))(
  'per-minute request limit on %s with the %s store',
  (dialect, backend) => {
    let s: TestServer;

    beforeAll(async () => {
      s = await startTestServer(dialect, {
        billing: { defaultPlan: 'free' },
        ...(backend.redisUrl && { redisUrl: backend.redisUrl }),
      });
    });
    afterAll(() => s.close());

    it('the 11th request of a Free tenant in a minute gets 429 with Retry-After; another tenant is unaffected', async () => {
      const a = await s.tenant('a');
      const b = await s.tenant('b');
      if (backend.name === 'database') await untilFreshMinute();
      for (let i = 0; i < 10; i++) {
        const ok = await s.request('GET', '/v1/sessions', { key: a.key });
        expect(ok.status).toBe(200);
        expect(ok.headers['ratelimit-limit']).toBe('10');
        expect(ok.headers['ratelimit-remaining']).toBe(String(9 - i));
      }
      const limited = await s.request('GET', '/v1/sessions', { key: a.key });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(limited.body.error.request_id).toBeTruthy();
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.headers['ratelimit-limit']).toBe('10');
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      expect(limited.headers['ratelimit-reset']).toBeDefined();
      // A refused POST is not stored as the Idempotency-Key's answer.
      const post = await s.request('POST', '/v1/sessions', {
        key: a.key,
        body: { start: false },
        headers: { 'idempotency-key': 'k1' },
      });
      expect(post.status).toBe(429);

      expect((await s.request('GET', '/v1/sessions', { key: b.key })).status).toBe(200);
    });

    it('the admin tenant and tenants without a plan are not limited; public routes are not counted', async () => {
      for (let i = 0; i < 15; i++) expect((await s.request('GET', '/v1/sessions')).status).toBe(200);
      const adminTenant = (await s.request('GET', '/v1/me')).body.tenant.id;
      expect(adminTenant).toBeTruthy();
      for (let i = 0; i < 15; i++)
        expect((await s.request('GET', '/healthz', { key: null })).status).toBe(200);
    });
  },
);
