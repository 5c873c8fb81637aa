import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { SCOPES } from '../domain/authorization.js';
import { Gateway } from '../gateway.js';
import { fixtureDb, insertPlan } from '../testing/billing-fixtures.js';
import { testDatabase, testDialects } from '../testing/dialects.js';
import { seedMember } from '../testing/seed-member.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { wagwPlugin } from './plugin.js';
import { wagwServerOptions } from './server-options.js';
import { fillPath, label, type Operation, operationsOf, sampleBody } from './testing/api-operations.js';

/** The objects of tenant "acme" that the other tenant must never reach, by the name that refers to them. */
type AcmeIds = Record<
  | 'session'
  | 'message'
  | 'webhook'
  | 'apiKey'
  | 'tenant'
  | 'event'
  | 'plan'
  | 'member'
  | 'invoice'
  | 'invite'
  | 'loginSession'
  | 'media'
  | 'chat'
  | 'template'
  | 'broadcast'
  | 'contact'
  | 'group'
  | 'channel'
  | 'lid',
  string
>;

const ID_FOR_NAME: Record<string, keyof AcmeIds> = {
  session_id: 'session',
  message_id: 'message',
  webhook_id: 'webhook',
  key_id: 'apiKey',
  invoice_id: 'invoice',
  tenant_id: 'tenant',
  user_id: 'member',
  after: 'event',
  event_id: 'event',
  starting_after: 'session',
  plan_id: 'plan',
  invite_id: 'invite',
  login_session_id: 'loginSession',
  media_id: 'media',
  chat_id: 'chat',
  template_id: 'template',
  broadcast_id: 'broadcast',
  contact: 'contact',
  group_id: 'group',
  channel: 'channel',
  lid: 'lid',
  phone: 'contact',
};
const isIdName = (name: string) => name.endsWith('_id') || name.endsWith('after');

/** Path parameters that name no tenant's object (an event type), with a value that exists. */
const PLAIN_PARAMS: Record<string, string> = { type: 'message.sent' };

function idFor(op: Operation, name: string, ids: AcmeIds): string {
  const plain = PLAIN_PARAMS[name];
  if (plain !== undefined) return plain;
  const which = ID_FOR_NAME[name];
  if (!which) {
    throw new Error(
      `${label(op)} takes "${name}": say in ID_FOR_NAME (security.test.ts) which of acme's objects it names (${Object.keys(ids).join(', ')}; add one to AcmeIds and beforeAll if none fits).`,
    );
  }
  return ids[which];
}

/**
 * Every operation of the generated OpenAPI document rejects missing, bad and revoked keys and never
 * shows one tenant another's data. The operations come from the document, so a new route is
 * checked without being added to a list, and one the suite cannot drive fails it.
 */
describe.each(testDialects())('auth and tenant isolation on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  let globex: { id: string; key: string };
  let revokedKey: string;
  let suspended: { id: string; key: string };
  /** Keys of acme, each with every scope but one (by that scope), and one with none. */
  const lacking = {} as Record<string, string>;
  let noScopes: string;
  let ops: Operation[];
  const ids = {} as AcmeIds;
  const pathFor = (op: Operation) =>
    fillPath(
      op,
      Object.fromEntries(
        op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, idFor(op, p.name, ids)]),
      ),
    );

  beforeAll(async () => {
    s = await startTestServer(dialect);
    ops = operationsOf((await s.app.inject('/openapi.json')).json());
    acme = await s.tenant('acme');
    globex = await s.tenant('globex');
    ids.tenant = acme.id;
    // Plans are shared by every tenant: there is no foreign plan, only an unknown one.
    ids.plan = 'pln_unknown';
    ids.member = await seedMember(s.gateway, acme.id, 'member');
    const session = await s.request('POST', '/v1/sessions', { key: acme.key, body: { auto_pair: true } });
    ids.session = session.body.id;
    const msg = await s.request('POST', `/v1/sessions/${ids.session}/messages`, {
      key: acme.key,
      body: { type: 'text', to: '+14155550000', text: 'hi' },
    });
    ids.message = msg.body.id;
    // A chat is named by the other party's number: the one acme wrote to.
    ids.chat = '+14155550000';
    // A contact of acme's session, known by phone and LID.
    ids.contact = '+14155550000';
    ids.lid = '14155550000123@lid';
    await s.gateway.contacts.learn(acme.id, ids.session, { phone: ids.contact, lid: ids.lid }, Date.now());
    // A group acme's session is in.
    ids.group = '120363000000000001@g.us';
    await s.gateway.groups.facts.learnGroup(
      ids.session,
      {
        id: ids.group,
        subject: 'acme',
        description: null,
        owner: null,
        createdAt: null,
        announce: false,
        locked: false,
        participants: [{ phone: ids.contact, lid: null, role: 'member' }],
      },
      { by: null },
      Date.now(),
    );
    // A channel acme's session owns.
    ids.channel = '120363000000000002@newsletter';
    await s.gateway.storage.channels.put({
      sessionId: ids.session,
      id: ids.channel,
      name: 'acme news',
      description: null,
      inviteCode: null,
      subscribers: 0,
      role: 'owner',
      verified: false,
      createdAt: null,
      updatedAt: Date.now(),
    });
    const hook = await s.request('POST', '/v1/webhooks', {
      key: acme.key,
      body: { url: 'http://127.0.0.1:9/x' },
    });
    ids.webhook = hook.body.id;
    const key = await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 'second' } });
    ids.apiKey = key.body.id;
    ids.event = (await s.request('GET', '/v1/events', { key: acme.key })).body.data[0].id;
    const revoked = await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 'revoked' } });
    await s.request('DELETE', `/v1/api-keys/${revoked.body.id}`, { key: acme.key });
    revokedKey = revoked.body.key;
    for (const scope of SCOPES) {
      const scopes = SCOPES.filter((sc) => sc !== scope);
      const res = await s.request('POST', '/v1/api-keys', {
        key: acme.key,
        body: { name: `no ${scope}`, scopes },
      });
      lacking[scope] = res.body.key;
    }
    noScopes = (
      await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 'none', scopes: [] } })
    ).body.key;
    suspended = await s.tenant('initech');
    await s.request('POST', `/v1/admin/tenants/${suspended.id}/suspend`, { body: { reason: 'test' } });
    const fixtures = await fixtureDb(s);
    await insertPlan(fixtures, {
      id: 'pln_sec',
      priceCents: 100,
      monthlyMessages: null,
      overageCentsPerMessage: null,
    });
    await fixtures.close();
    const invoice = await s.gateway.storage.transaction((tx) =>
      s.gateway.invoices.generateFor(tx, {
        tenantId: acme.id,
        subscriptionId: 'sub_sec',
        planId: 'pln_sec',
        periodStart: Date.UTC(2026, 0, 1),
        periodEnd: Date.UTC(2026, 1, 1),
      }),
    );
    ids.invoice = invoice.id;
    const member = await s.request('POST', '/v1/service-accounts', { key: acme.key, body: { name: 'bot' } });
    ids.member = member.body.user_id;
    const invite = await s.request('POST', '/v1/invites', { key: acme.key, body: { email: 'a@acme.test' } });
    ids.invite = invite.body.id;
    const user = await s.request('POST', '/v1/auth/register', {
      key: null,
      body: { email: 'owner@acme.test', password: 'acme password', name: 'A', tenant_name: 'acme2' },
    });
    ids.loginSession = user.body.tokens.login_session_id;
    const boundary = 'wagwsecurity';
    const upload = await s.app.inject({
      method: 'POST',
      url: '/v1/media',
      headers: {
        authorization: `Bearer ${acme.key}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    ids.media = upload.json().id;
    const template = await s.request('POST', '/v1/templates', {
      key: acme.key,
      body: { name: 'welcome', body: { type: 'text', text: 'Hi {{name}}' } },
    });
    ids.template = template.body.id;
    const broadcast = await s.request('POST', '/v1/broadcasts', {
      key: acme.key,
      body: {
        session_id: ids.session,
        message: { type: 'text', text: 'Hi' },
        recipients: [{ to: '+14155550100' }],
        per_minute: 1,
      },
    });
    expect(broadcast.status, JSON.stringify(broadcast.body)).toBe(201);
    ids.broadcast = broadcast.body.id;
  });
  afterAll(() => s.close());

  it('every operation either needs a bearer key or is one of the deliberately public ones', () => {
    expect(ops.length).toBeGreaterThan(25);
    expect(ops.filter((op) => op.isPublic).map(label)).toEqual([
      'GET /healthz (health)',
      'GET /readyz (ready)',
      'POST /v1/auth/register (register)',
      'POST /v1/auth/login (login)',
      'POST /v1/auth/refresh (refreshLogin)',
      'POST /v1/auth/password-reset (requestPasswordReset)',
      'POST /v1/auth/password-reset/confirm (confirmPasswordReset)',
      'POST /v1/invites/accept (acceptInvite)',
    ]);
  });

  it('every authenticated operation rejects a missing, malformed, unknown or revoked key (401, coded)', async () => {
    const keys = [null, 'nope', 'wagw_live_0000000000000000000000000000000000000', revokedKey];
    for (const op of ops.filter((o) => !o.isPublic)) {
      for (const key of keys) {
        const res = await s.request(op.method, pathFor(op), { key, body: sampleBody(op) });
        expect(res.status, `${label(op)} with ${key}`).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
        expect(res.headers['request-id']).toBe(res.body.error.request_id);
        if (key === revokedKey) expect(res.body.error.message).toMatch(/revoked/);
      }
    }
    const bearerless = await s.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: acme.key },
    });
    expect(bearerless.statusCode).toBe(401);
  });

  it("answers 404 (never 403) for another tenant's ids, and never shows another tenant's objects", async () => {
    const acmeIds = Object.values(ids);
    const leaks = (text: string) => acmeIds.filter((id) => text.includes(id));
    let foreignIdChecks = 0;
    for (const op of ops.filter((o) => !o.isPublic)) {
      const body = sampleBody(op);
      const asGlobex = (url: string, payload = body) =>
        s.app.inject({
          method: op.method,
          url,
          headers: { authorization: `Bearer ${globex.key}` },
          ...(payload && { payload }),
        });
      const pathParams = op.parameters.filter((p) => p.in === 'path');
      if (pathParams.some((p) => isIdName(p.name))) {
        const res = await asGlobex(pathFor(op));
        if (op.action === 'platform:manage') {
          // Not the tenant's to reach at all, whoever's id it names.
          expect(res.statusCode, label(op)).toBe(403);
          expect(res.json().error.code, label(op)).toBe('FORBIDDEN');
        } else {
          expect(res.statusCode, label(op)).toBe(404);
          expect(res.json().error.code, label(op)).toMatch(/_NOT_FOUND$/);
        }
        foreignIdChecks++;
      }
      const withoutIds = fillPath(
        op,
        Object.fromEntries(pathParams.map((p) => [p.name, PLAIN_PARAMS[p.name] ?? 'x_none'])),
      );
      for (const param of op.parameters.filter((p) => p.in === 'query' && isIdName(p.name))) {
        const res = await asGlobex(`${withoutIds}?${param.name}=${idFor(op, param.name, ids)}`);
        expect(res.statusCode, `${label(op)} ?${param.name}`).toBeLessThan(500);
        expect(leaks(res.body), `${label(op)} ?${param.name}`).toEqual([]);
        foreignIdChecks++;
      }
      for (const name of Object.keys((op.body?.properties ?? {}) as object).filter(isIdName)) {
        const res = await asGlobex(withoutIds, { ...body, [name]: idFor(op, name, ids) });
        expect(res.statusCode, `${label(op)} body.${name}`).toBe(404);
        foreignIdChecks++;
      }
      if (pathParams.length === 0) {
        const res = await asGlobex(op.path);
        expect(res.statusCode, label(op)).toBeLessThan(500);
        // Globex's request log echoes the paths globex itself requested above (acme's ids among
        // them); logs-routes.test.ts checks that no tenant sees another's requests.
        if (!op.path.startsWith('/v1/logs')) expect(leaks(res.body), label(op)).toEqual([]);
      }
    }
    expect(foreignIdChecks).toBeGreaterThan(20);
  });

  it('every operation declares what it needs, and refuses a key of the same tenant without it', async () => {
    const byAction = { scope: 0, account: 0, platform: 0 };
    for (const op of ops.filter((o) => !o.isPublic)) {
      const body = sampleBody(op);
      expect(op.action, `${label(op)} declares no x-wagw-action`).toBeDefined();
      if (op.action === 'account') {
        const res = await s.request(op.method, pathFor(op), { key: noScopes, body });
        // No scope is needed; a route about the caller's login session may still refuse a key
        // (it has none), but never for want of a scope.
        expect(res.status, `${label(op)} with a key without scopes`).not.toBe(401);
        if (res.status === 403) {
          expect(res.body.error.code, label(op)).toBe('FORBIDDEN');
          expect(res.body.error.message, label(op)).toMatch(/login session|login token/);
        }
        byAction.account++;
      } else if (op.action === 'platform:manage') {
        const res = await s.request(op.method, pathFor(op), { key: acme.key, body });
        expect(res.status, `${label(op)} with a tenant's key`).toBe(403);
        expect(res.body.error.code, label(op)).toBe('FORBIDDEN');
        byAction.platform++;
      } else {
        const key = lacking[op.action as string];
        expect(key, `${label(op)} needs "${op.action}", which is not a scope`).toBeDefined();
        const res = await s.request(op.method, pathFor(op), { key, body });
        expect(res.status, `${label(op)} without ${op.action}`).toBe(403);
        expect(res.body.error, label(op)).toMatchObject({
          code: 'INSUFFICIENT_SCOPE',
          details: { required_scope: op.action },
        });
        byAction.scope++;
      }
    }
    expect(byAction.scope).toBeGreaterThan(15);
    expect(byAction.account).toBeGreaterThan(0);
    expect(byAction.platform).toBeGreaterThan(2);
  });

  it('every authenticated operation refuses a suspended tenant (403 TENANT_SUSPENDED)', async () => {
    for (const op of ops.filter((o) => !o.isPublic)) {
      const res = await s.request(op.method, pathFor(op), { key: suspended.key, body: sampleBody(op) });
      expect(res.status, label(op)).toBe(403);
      expect(res.body.error.code, label(op)).toBe('TENANT_SUSPENDED');
    }
  });

  it('a key works until revoked; only the admin manages tenants', async () => {
    const created = await s.request('POST', '/v1/api-keys', { key: globex.key, body: { name: 'temp' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^wagw_live_/);
    expect((await s.request('GET', '/v1/me', { key: created.body.key })).status).toBe(200);
    const listed = await s.request('GET', '/v1/api-keys', { key: globex.key });
    expect(listed.body.data.every((k: Record<string, unknown>) => !('key' in k) && !('hash' in k))).toBe(
      true,
    );
    const revoked = await s.request('DELETE', `/v1/api-keys/${created.body.id}`, { key: globex.key });
    expect(revoked.body.revoked_at).not.toBeNull();
    expect((await s.request('GET', '/v1/me', { key: created.body.key })).status).toBe(401);

    const forbidden = await s.request('POST', '/v1/tenants', { key: globex.key, body: { name: 'x' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
  });

  it('the public operations, the docs and the OpenAPI document need no key', async () => {
    // The public POSTs (register, login, …) answer by their input, never "send a key".
    for (const op of ops.filter((o) => o.isPublic && o.method !== 'GET')) {
      const res = await s.request(op.method, op.path, { key: null, body: sampleBody(op) });
      expect(res.status, label(op)).toBeLessThan(500);
      if (res.status === 401) expect(res.body.error.message, label(op)).not.toMatch(/Authorization/);
    }
    const gets = ops.filter((op) => op.isPublic && op.method === 'GET').map((op) => op.path);
    const urls = [...gets, '/openapi.json', '/docs'];
    for (const url of urls) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(400);
      expect(res.headers['request-id']).toMatch(/^req_/);
    }
  });
});

describe('routes of the wagw scope', () => {
  let db: ReturnType<typeof testDatabase>;
  let app: FastifyInstance;
  let gateway: Gateway;
  let key: string;

  beforeAll(async () => {
    db = testDatabase('sqlite');
    gateway = await Gateway.open(parseConfig(db.config), { logger: pino({ level: 'silent' }) });
    key = (await gateway.tenants.initAdmin()).apiKey!;
    // As an embedding app does (see wagwServerOptions): else every route's serializer is compiled
    // anew, which took 14-19 s here and over the hook's 30 s while CI's package build ran.
    app = Fastify({ ...wagwServerOptions });
    // A scope that holds wagw's hooks and routes of its own, as a future wagw route would be.
    await app.register(
      async (scope) => {
        await wagwPlugin(scope, { gateway, docs: false });
        scope.get('/metrics', async () => ({ secret: 42 }));
        scope.get('/declared', { config: { action: 'analytics:read' } }, async () => ({ ok: true }));
        scope.get('/status', { config: { public: true } }, async () => ({ ok: true }));
        await scope.register(async (child) => {
          child.post('/internal/reindex', async () => ({ done: true }));
        });
      },
      { prefix: '/wa' },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
    await db?.cleanup();
  });

  it('need a key wherever they live (not only under /v1) unless they declare config.public, and are closed unless they declare an action', async () => {
    for (const [method, url] of [
      ['GET', '/wa/metrics'],
      ['POST', '/wa/internal/reindex'],
      ['GET', '/wa/declared'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
      const authed = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });
      if (url === '/wa/declared') {
        expect(authed.statusCode, url).toBe(200);
      } else {
        expect(authed.statusCode, url).toBe(403);
        expect(authed.json().error).toMatchObject({
          code: 'FORBIDDEN',
          message: expect.stringMatching(/declares no action/),
        });
      }
    }
    expect((await app.inject('/wa/status')).json()).toEqual({ ok: true });
    expect((await app.inject('/wa/healthz')).statusCode).toBe(200);
    expect((await app.inject('/wa/nothing-here')).json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
