import { type OpenedDatabase, openDatabase } from '../storage/open-database.js';
import { eventually, type TestServer } from './test-server.js';

export interface TestPlan {
  id: string;
  priceCents: number;
  monthlyMessages: number | null;
  overageCentsPerMessage: number | null;
  currency?: string;
}

/**
 * A second connection to a test server's database, for fixtures the API of this part does not
 * make (plans belong to the plans service).
 */
export async function fixtureDb(s: TestServer): Promise<OpenedDatabase> {
  return openDatabase({
    dataDir: s.dataDir,
    databaseUrl: s.config.databaseUrl,
    databaseSchema: s.config.databaseSchema,
  });
}

export async function insertPlan(opened: OpenedDatabase, plan: TestPlan): Promise<void> {
  const now = Date.now();
  await opened.db
    .insertInto('plans')
    .values({
      id: plan.id,
      code: plan.id,
      name: `Plan ${plan.id}`,
      price_cents: plan.priceCents,
      currency: plan.currency ?? 'EUR',
      requests_per_minute: 600,
      max_sessions: 10,
      monthly_messages: plan.monthlyMessages,
      overage_cents_per_message: plan.overageCentsPerMessage,
      max_webhook_endpoints: 10,
      webhook_deliveries_per_minute: 600,
      trial_days: 0,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** A connected sandbox session of the key's tenant. */
export async function connectedSession(s: TestServer, key: string): Promise<string> {
  const id = (await s.request('POST', '/v1/sessions', { key, body: { auto_pair: true } })).body.id as string;
  await eventually(async () =>
    (await s.request('GET', `/v1/sessions/${id}`, { key })).body.status === 'connected' ? true : undefined,
  );
  return id;
}
