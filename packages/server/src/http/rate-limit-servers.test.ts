import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testDialects } from '../testing/dialects.js';
import { rateLimitBackends, untilFreshMinute } from '../testing/rate-limit-backends.js';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server.js';

const LIMIT = 40;
const PER_SERVER = 60;

const onPostgres = testDialects().includes('postgres') ? rateLimitBackends() : [];

describe.each(onPostgres)('two server processes on one Postgres, %s store', (backend) => {
  const servers: SpawnedServer[] = [];
  let adminKey: string;

  beforeAll(async () => {
    const db = testDatabase('postgres');
    const base = {
      ...db.config,
      masterKey: randomBytes(32).toString('base64'),
      port: 0,
      logLevel: 'warn' as const,
      ...(backend.redisUrl && { redisUrl: backend.redisUrl }),
    };
    // One after the other: the first creates the schema and the admin tenant.
    servers.push(await spawnServer({ ...base, nodeId: 'rl-a' }));
    servers.push(await spawnServer({ ...base, nodeId: 'rl-b', dataDir: testDatabase('sqlite').dataDir }));
    adminKey = servers[0]!.apiKey!;
  }, 200_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  const call = async (server: SpawnedServer, method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
    return { status: res.status, body: (await res.json()) as any };
  };

  it(`admit no more than the plan's ${LIMIT} requests a minute together (within 10%)`, async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const plan = await call(a, 'POST', '/v1/admin/plans', adminKey, {
      code: 'burst',
      name: 'Burst',
      price_cents: 0,
      currency: 'USD',
      requests_per_minute: LIMIT,
      max_sessions: 1,
      monthly_messages: 100,
      overage_cents_per_message: null,
      max_webhook_endpoints: 1,
      webhook_deliveries_per_minute: 60,
    });
    expect(plan.status).toBe(201);
    const tenant = await call(a, 'POST', '/v1/tenants', adminKey, { name: 'burst' });
    const key = (await call(a, 'POST', '/v1/api-keys', adminKey, { name: 'k', tenant_id: tenant.body.id }))
      .body.key as string;
    expect(
      (await call(b, 'POST', `/v1/admin/tenants/${tenant.body.id}/plan`, adminKey, { plan: 'burst' })).status,
    ).toBe(200);

    if (backend.name === 'database') await untilFreshMinute();
    const hit = async (server: SpawnedServer) => {
      const statuses: number[] = [];
      let started = 0;
      // A few requests in flight per server at once, both servers at the same time.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (started < PER_SERVER) {
            started++;
            const res = await fetch(`${server.url}/v1/sessions`, {
              headers: { authorization: `Bearer ${key}` },
            });
            await res.arrayBuffer();
            statuses.push(res.status);
          }
        }),
      );
      return statuses;
    };
    const all = (await Promise.all([hit(a), hit(b)])).flat();
    const admitted = all.filter((s) => s >= 200 && s < 300).length;
    const limited = all.filter((s) => s === 429).length;
    expect(admitted + limited).toBe(2 * PER_SERVER);
    expect(admitted).toBeGreaterThanOrEqual(LIMIT);
    expect(admitted).toBeLessThanOrEqual(Math.floor(LIMIT * 1.1));
  }, 60_000);
});
