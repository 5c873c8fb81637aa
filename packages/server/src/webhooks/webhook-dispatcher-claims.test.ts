import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../crypto/ids.js';
import { SecretBox } from '../crypto/secret-box.js';
import { EventsService } from '../domain/events-service.js';
import type { EventType } from '../domain/types.js';
import { secretAad } from '../domain/webhooks-service.js';
import type { OpenedDatabase } from '../storage/open-database.js';
import { WebhooksRepo } from '../storage/repositories/webhooks-repo.js';
import type { Storage } from '../storage/storage.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { eventually } from '../testing/test-server.js';
import { type DispatcherOptions, WebhookDispatcher } from './webhook-dispatcher.js';

/** A local receiver that answers 200 at once, or holds every response until `answerOne()`. */
async function receiver(hold: boolean, onRequest: (n: number) => void = () => undefined) {
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const r = { url: '', received: 0, open: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      r.received++;
      r.open++;
      res.on('close', () => {
        r.open--;
      });
      onRequest(r.received);
      if (hold) held.push(res);
      else res.end('ok');
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return Object.assign(r, {
    /** Answers the oldest held request. */
    answerOne() {
      held.shift()?.end('ok');
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe.each(testDialects())('webhook claims on %s', (dialect) => {
  let db: TestDatabase;
  let opened: OpenedDatabase;
  let storage: Storage;
  let dispatcher: WebhookDispatcher | undefined;
  let claims: () => number;
  const box = new SecretBox([randomBytes(32)]);
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    db = testDatabase(dialect);
    ({ opened, storage } = await seededStorage(db));
    const spy = vi.spyOn(WebhooksRepo.prototype, 'claimDue');
    claims = () => spy.mock.calls.length;
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    vi.restoreAllMocks();
    for (const c of cleanups.splice(0)) await c();
    await opened.close();
    await db.cleanup();
  });

  const startDispatcher = (options: Partial<DispatcherOptions> = {}) => {
    dispatcher = new WebhookDispatcher(storage, box, pino({ level: 'silent' }), {
      owner: 'node_test',
      retryScheduleSeconds: [0, 60],
      timeoutMs: 30_000,
      concurrency: 8,
      perEndpointConcurrency: 2,
      // No polls unless a test asks for them: every claim comes from a wake.
      pollIntervalMs: 3_600_000,
      guard: false,
      ...options,
    });
    dispatcher.start();
    return dispatcher;
  };
  /** Records `n` events of `type` (each queues a delivery per matching endpoint, and wakes the dispatcher). */
  const emit = (type: EventType, n = 1) =>
    storage.transaction(async (tx) => {
      const events = new EventsService(storage, (ids) => dispatcher?.wake(ids));
      for (let i = 0; i < n; i++) {
        await events.record(tx, { tenantId: 'ten_1', sessionId: 'ses_1', type, data: { i } }, Date.now());
      }
    });
  const endpoint = async (type: EventType, r: Awaited<ReturnType<typeof receiver>>) => {
    cleanups.push(() => r.close());
    const id = newId('whk');
    const now = Date.now();
    await storage.webhooks.insertEndpoint(
      {
        id,
        tenantId: 'ten_1',
        url: r.url,
        events: [type],
        description: null,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      },
      box.encrypt(`whsec_${randomBytes(32).toString('base64')}`, secretAad(id)),
    );
    return Object.assign(r, { id });
  };
  const deliveries = (endpointId: string) => storage.webhooks.listDeliveries('ten_1', endpointId, 100);
  const succeeded = (endpointId: string, n: number) => async () => {
    const list = await deliveries(endpointId);
    return list.filter((d) => d.status === 'succeeded').length === n ? list : undefined;
  };

  /** A slow endpoint at its cap (2) with a backlog of 4 more due deliveries, and a fast one. */
  const cappedBacklog = async () => {
    const slow = await endpoint('session.status', await receiver(true));
    const fast = await endpoint('message.received', await receiver(false));
    await emit('session.status', 6);
    return { slow, fast };
  };

  it("a tenant over its plan's deliveries per minute is deferred to the next minute, never dropped", async () => {
    // The dispatcher's clock runs a little ahead, so the deliveries queued below are due at once.
    let clock = Date.now() + 5_000;
    const fast = await endpoint('session.status', await receiver(false));
    startDispatcher({ tenantLimit: async () => 3, now: () => clock });
    await emit('session.status', 5);
    const first = await eventually(succeeded(fast.id, 3));
    // Give the dispatcher time to (wrongly) send more within the same minute.
    await new Promise((r) => setTimeout(r, 300));
    expect(fast.received).toBe(3);
    const waiting = first.filter((d) => d.status !== 'succeeded');
    expect(waiting).toHaveLength(2);
    // Not attempted, not failed: still pending (left out of claims, or given back due next minute).
    expect(waiting.map((d) => [d.status, d.attemptCount])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    clock += 60_000;
    await dispatcher?.runDue();
    await eventually(succeeded(fast.id, 5));
    expect(fast.received).toBe(5);
  });

  it('wakes for an endpoint at its cap claim nothing; a wake for another endpoint claims for it', async () => {
    const { slow, fast } = await cappedBacklog();
    // Transactions still running (a claim the dispatcher started is one).
    let running = 0;
    const transaction = storage.transaction.bind(storage);
    vi.spyOn(storage, 'transaction').mockImplementation((fn) => {
      running++;
      return transaction(fn).finally(() => {
        running--;
      }) as never;
    });
    const settled = () => eventually(async () => (running === 0 ? true : undefined));
    startDispatcher();
    await eventually(async () => (slow.open === 2 ? true : undefined));
    await settled();
    const before = claims();
    expect(before).toBe(1);

    // More deliveries for the capped endpoint, and explicit wakes for it: nothing may be claimed.
    await emit('session.status', 3);
    dispatcher!.wake([slow.id]);
    await tick(); // the wakes' fill has decided (and started its claim, if it made one)
    await settled();
    expect(claims()).toBe(before);

    // The fast endpoint's event wakes the dispatcher for it: a claim, and its delivery goes out.
    await emit('message.received');
    await eventually(succeeded(fast.id, 1));
    expect(claims()).toBeGreaterThan(before);
    expect([slow.received, slow.open]).toEqual([2, 2]);
    const backlog = await deliveries(slow.id);
    // All 9 still pending and unattempted (the 2 in flight included).
    expect(backlog.filter((d) => d.status === 'pending' && d.attemptCount === 0)).toHaveLength(9);
  });

  it('a slot freeing up at the capped endpoint claims its next delivery', async () => {
    const { slow } = await cappedBacklog();
    startDispatcher();
    await eventually(async () => (slow.open === 2 ? true : undefined));
    const before = claims();
    slow.answerOne();
    await eventually(async () => (slow.received === 3 && slow.open === 2 ? true : undefined));
    await eventually(succeeded(slow.id, 1));
    expect(claims()).toBe(before + 1);
  });

  it('the poll still claims a retry that came due, with nothing waking the dispatcher', async () => {
    const { slow, fast } = await cappedBacklog();
    startDispatcher({ pollIntervalMs: 50 });
    await eventually(async () => (slow.open === 2 ? true : undefined));
    // A retry of an earlier attempt, due shortly: no event, no wake.
    const dueAt = Date.now() + 300;
    await storage.webhooks.insertDelivery({
      id: 'whd_retry',
      tenantId: 'ten_1',
      endpointId: fast.id,
      eventId: (await storage.events.list({ tenantId: 'ten_1', limit: 1 }))[0]!.id,
      eventType: 'message.received',
      status: 'pending',
      attemptCount: 1,
      nextAttemptAt: dueAt,
      createdAt: Date.now(),
    });
    const [retried] = await eventually(succeeded(fast.id, 1));
    expect(retried!.attempts.map((a) => a.attempt)).toEqual([2]);
    expect(retried!.attempts[0]!.createdAt).toBeGreaterThanOrEqual(dueAt);
    expect(fast.received).toBe(1);
    expect(slow.received).toBe(2); // still capped
  });

  // Regression: after the claim gating, a dispatcher started again (stop, then start) made no claim
  // at start, so what had come due meanwhile waited for the next poll.
  it('a dispatcher started again claims what came due while it was stopped, without waiting for a poll', async () => {
    const fast = await endpoint('message.received', await receiver(false));
    await emit('message.received');
    startDispatcher();
    await eventually(succeeded(fast.id, 1));
    await dispatcher!.stop();
    // A retry came due while it was stopped: no event, no wake.
    await storage.webhooks.insertDelivery({
      id: 'whd_retry',
      tenantId: 'ten_1',
      endpointId: fast.id,
      eventId: (await storage.events.list({ tenantId: 'ten_1', limit: 1 }))[0]!.id,
      eventType: 'message.received',
      status: 'pending',
      attemptCount: 1,
      nextAttemptAt: Date.now(),
      createdAt: Date.now(),
    });
    dispatcher!.start();
    await eventually(succeeded(fast.id, 2));
    expect(fast.received).toBe(2);
  });

  it("an endpoint's slot frees once its receiver answered: a slow recording does not hold it", async () => {
    // The first attempt's recording waits until the second delivery has reached the receiver.
    let resume!: () => void;
    const recording = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let holdNext = false;
    const fast = await endpoint(
      'message.received',
      await receiver(false, (n) => {
        if (n === 1) holdNext = true;
      }),
    );
    const transaction = storage.transaction.bind(storage);
    vi.spyOn(storage, 'transaction').mockImplementation((fn) => {
      if (!holdNext) return transaction(fn);
      holdNext = false; // the first transaction after the receiver answered: recording the attempt
      return recording.then(() => transaction(fn));
    });
    await emit('message.received', 2);
    startDispatcher({ perEndpointConcurrency: 1 });

    await eventually(async () => (fast.received === 2 ? true : undefined));
    expect((await deliveries(fast.id)).filter((d) => d.status === 'succeeded').length).toBeLessThanOrEqual(1);
    resume();
    const done = await eventually(succeeded(fast.id, 2));
    expect(done.map((d) => d.attempts.length)).toEqual([1, 1]);
  });
});
