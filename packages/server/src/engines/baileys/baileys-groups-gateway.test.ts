import { type Simulator, startSimulator } from '@wagw/wa-sim';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../../create-server.js';
import { type TestDatabase, testDatabase } from '../../testing/dialects.js';
import { eventually } from '../../testing/test-server.js';
import { UNPACED } from '../../testing/unpaced.js';
import { type WebhookReceiver, webhookReceiver } from '../../testing/webhook-receiver.js';

/**
 * Groups end to end: the API, the gateway and the real Baileys engine against wa-sim, with signed
 * webhooks. A change made through the API is announced once although WhatsApp tells of it too; a
 * change another admin makes arrives with who made it; a member's receipts and messages land in
 * the group's chat. SQLite only (the Postgres path is the same service, covered by the routes test).
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

const LONG = 30_000;

describe('groups through the gateway on Baileys and wa-sim', () => {
  let sim: Simulator;
  let db: TestDatabase;
  let server: WagwServer;
  let hooks: WebhookReceiver;
  let secret: string;
  let key: string;
  let sessionId: string;
  let groupId: string;
  const account = '15550710001';
  const ada = '15550710002';
  const bob = '15550710003';

  const request = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: object): Promise<Body> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body && { payload: body }),
    });
    return { ...res.json(), http: res.statusCode };
  };
  const groups = (path = '') => `/v1/sessions/${sessionId}/groups${path}`;
  /** The verified webhook payloads of `type`, in arrival order. */
  const delivered = (type: string): Body[] =>
    hooks.received
      .map((h) => new Webhook(secret).verify(h.body, h.headers) as Body)
      .filter((p) => p.type === type);

  beforeAll(async () => {
    sim = await startSimulator();
    sim.addContact({ phone: ada, behaviour: 'auto-read', receiptDelayMs: 20 });
    sim.addContact({ phone: bob, behaviour: 'never-deliver' });
    db = testDatabase('sqlite');
    server = await createServer({
      ...db.config,
      waUrl: sim.url,
      baileys: { backoffBaseMs: 200, backoffMaxMs: 1000, rootPublicKey: sim.rootPublicKey.toString('hex') },
      sessions: { leaseTtlMs: 5000, renewIntervalMs: 1000, pacing: UNPACED },
      webhooks: { allowPrivateTargets: true, retryScheduleSeconds: [0, 0.2, 0.4], pollIntervalMs: 50 },
      logger: pino({ level: 'silent' }),
    });
    key = (await server.gateway.tenants.initAdmin()).apiKey!;
    hooks = await webhookReceiver();
    const hook = await request('POST', '/v1/webhooks', {
      url: hooks.url,
      events: ['group.*', 'message.receipt'],
    });
    secret = hook.secret;
    sessionId = (await request('POST', '/v1/sessions', { engine: 'baileys' })).id;
    const qr = await eventually(async () => {
      const r = await request('GET', `/v1/sessions/${sessionId}/qr`);
      return r.http === 200 ? r : undefined;
    }, LONG);
    await sim.scanQr(qr.qr, { phone: account });
    await eventually(async () => {
      const s = await request('GET', `/v1/sessions/${sessionId}`);
      return s.status === 'connected' ? s : undefined;
    }, LONG);
  }, LONG * 2);

  afterAll(async () => {
    await server?.app.close().catch(() => undefined);
    await hooks?.close();
    await sim?.close();
    await db?.cleanup();
  });

  it(
    'creates a group and changes it through the API: WhatsApp has it, each change is one webhook',
    async () => {
      const created = await request('POST', groups(), { subject: 'Ops', participants: [`+${ada}`] });
      expect(created.http).toBe(201);
      groupId = created.id;
      expect(sim.group(groupId)).toMatchObject({ subject: 'Ops', owner: account });
      const patched = await request('PATCH', groups(`/${groupId}`), { subject: 'Ops team', locked: true });
      expect(patched).toMatchObject({ http: 200, subject: 'Ops team', locked: true });
      expect(sim.group(groupId)).toMatchObject({ subject: 'Ops team', locked: true });
      const added = await request('POST', groups(`/${groupId}/participants/add`), {
        participants: [`+${bob}`, '+15550710099'],
      });
      expect(added.data).toEqual([
        { phone: `+${bob}`, error: null },
        { phone: '+15550710099', error: 'not_on_whatsapp' },
      ]);
      await eventually(async () => (delivered('group.participants').length >= 1 ? true : undefined), LONG);
      // WhatsApp's own notifications of these changes have arrived by now: still one of each.
      await eventually(async () => {
        const all = await request('GET', `/v1/events?session_id=${sessionId}&limit=100`);
        return all.data.some((e: Body) => e.type === 'group.participants') ? true : undefined;
      }, LONG);
      await new Promise((r) => setTimeout(r, 300));
      expect(delivered('group.joined')).toHaveLength(1);
      // One announcement per change: WhatsApp may tell of the subject before the lock is set.
      expect(delivered('group.updated').flatMap((p) => p.data.changed)).toEqual(['subject', 'locked']);
      expect(delivered('group.participants').map((p) => [p.data.action, p.data.participants.length])).toEqual(
        [['added', 1]],
      );
    },
    LONG,
  );

  it(
    "a group text: per-member receipts as webhooks, the message read on the first member's read",
    async () => {
      const sent = await request('POST', `/v1/sessions/${sessionId}/messages`, {
        type: 'text',
        to: groupId,
        text: 'deploy at 3',
      });
      expect(sent.http).toBe(202);
      await eventually(async () => {
        const m = await request('GET', `/v1/messages/${sent.id}`);
        return m.status === 'read' ? m : undefined;
      }, LONG);
      const receipts = await eventually(async () => {
        const list = delivered('message.receipt').filter((p) => p.data.message_id === sent.id);
        return list.length >= 2 ? list : undefined;
      }, LONG);
      expect(receipts.map((p) => [p.data.participant.phone, p.data.status])).toEqual([
        [`+${ada}`, 'delivered'],
        [`+${ada}`, 'read'],
      ]);
      expect(sim.messages().find((m) => m.group === groupId && m.text === 'deploy at 3')).toBeDefined();
    },
    LONG,
  );

  it(
    "another admin's change arrives with who made it; a member's message lands in the group chat",
    async () => {
      sim.groupAction(groupId, { by: account, action: 'promote', participants: [ada] });
      sim.updateGroup(groupId, { by: ada, description: 'runbook: wiki/ops' });
      const change = await eventually(async () => {
        const list = delivered('group.updated').filter((p) => p.data.changed.includes('description'));
        return list[0];
      }, LONG);
      expect(change.data).toMatchObject({ group_id: groupId, by: { phone: `+${ada}` } });
      expect(change.data.group.description).toBe('runbook: wiki/ops');
      const { id } = sim.injectGroupInbound({ group: groupId, from: ada, text: 'ack' });
      const inbound = await eventually(async () => {
        const list = await request(
          'GET',
          `/v1/sessions/${sessionId}/messages?chat=${encodeURIComponent(groupId)}`,
        );
        return list.data.find((m: Body) => m.wa_message_id === id);
      }, LONG);
      expect(inbound).toMatchObject({ direction: 'inbound', from: `+${ada}`, to: groupId });
    },
    LONG,
  );

  it(
    'a group another member adds the account to is stored whole, as group.joined with who added it',
    async () => {
      const { id } = sim.createGroup({ owner: ada, subject: 'Ada crew', participants: [account, bob] });
      const joined = await eventually(
        async () => delivered('group.joined').find((p) => p.data.group.id === id),
        LONG,
      );
      expect(joined.data.by).toMatchObject({ phone: `+${ada}` });
      const stored = await request('GET', groups(`/${id}`));
      expect(stored).toMatchObject({ http: 200, subject: 'Ada crew' });
      expect(stored.participants.map((p: Body) => [p.phone, p.role]).sort()).toEqual(
        [
          [`+${account}`, 'member'],
          [`+${ada}`, 'superadmin'],
          [`+${bob}`, 'member'],
        ].sort(),
      );
      sim.groupAction(id, { by: ada, action: 'remove', participants: [account] });
      await eventually(async () => {
        const g = await request('GET', groups(`/${id}`));
        return g.left_at ? g : undefined;
      }, LONG);
      expect((await request('GET', groups())).data.map((g: Body) => g.id)).toEqual([groupId]);
    },
    LONG,
  );
});
