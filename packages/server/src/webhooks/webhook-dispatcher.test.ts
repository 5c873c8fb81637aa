import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../crypto/ids.js';
import { SecretBox } from '../crypto/secret-box.js';
import { EventsService } from '../domain/events-service.js';
import { secretAad } from '../domain/webhooks-service.js';
import type { OpenedDatabase } from '../storage/open-database.js';
import type { Storage } from '../storage/storage.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { eventually } from '../testing/test-server.js';
import { claimLockMs, deliverWebhook } from './deliver-webhook.js';
import { DEFAULT_DISABLE_AFTER_MS, type DispatcherOptions, WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSigner } from './webhook-signer.js';

type Mode = 'ok' | 'hang' | 'trickle';

/** A local receiver that answers 200 (`ok`), never answers (`hang`) or trickles its body forever. */
async function receiver(initial: Mode) {
  let mode = initial;
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const r = { url: '', received: 0, open: 0, maxOpen: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      r.received++;
      r.open++;
      r.maxOpen = Math.max(r.maxOpen, r.open);
      res.on('close', () => {
        r.open--;
      });
      if (mode === 'ok') res.end('ok');
      else if (mode === 'hang') held.push(res);
      else {
        res.writeHead(200);
        const timer = setInterval(() => res.write('.'), 20);
        res.on('close', () => clearInterval(timer));
      }
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
    /** From now on answer at once. */
    answer() {
      mode = 'ok';
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

describe.each(testDialects())('webhook dispatcher on %s', (dialect) => {
  let db: TestDatabase;
  let opened: OpenedDatabase;
  let storage: Storage;
  const box = new SecretBox([randomBytes(32)]);
  const cleanups: Array<() => Promise<void>> = [];
  let dispatcher: WebhookDispatcher | undefined;

  beforeEach(async () => {
    db = testDatabase(dialect);
    ({ opened, storage } = await seededStorage(db));
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
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
      pollIntervalMs: 50,
      guard: false,
      ...options,
    });
    dispatcher.start();
    return dispatcher;
  };
  const emit = (n = 1) =>
    storage.transaction(async (tx) => {
      const events = new EventsService(storage, () => dispatcher?.wake());
      for (let i = 0; i < n; i++) {
        await events.record(
          tx,
          { tenantId: 'ten_1', sessionId: 'ses_1', type: 'session.status', data: { i } },
          Date.now(),
        );
      }
    });
  const endpoint = async (mode: Mode) => {
    const r = await receiver(mode);
    cleanups.push(() => r.close());
    const id = newId('whk');
    const now = Date.now();
    await storage.webhooks.insertEndpoint(
      {
        id,
        tenantId: 'ten_1',
        url: r.url,
        events: ['*'],
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

  // Regression (issue 6 §3): the timeout was socket-idle, so a trickling receiver held a delivery.
  it('cuts a receiver that trickles its body at the hard deadline and records a timeout', async () => {
    const slow = await endpoint('trickle');
    startDispatcher({ timeoutMs: 500 });
    await emit();
    const [d] = await eventually(async () => {
      const list = await deliveries(slow.id);
      // The listing reads deliveries, then attempts (not one snapshot): wait for both to show it.
      return list[0]?.attempts.length === 1 && list[0].attemptCount === 1 ? list : undefined;
    });
    expect(d).toMatchObject({ status: 'pending', attemptCount: 1 });
    expect(d!.attempts[0]).toMatchObject({ statusCode: 200 });
    expect(d!.attempts[0]!.error).toMatch(/timed out after 500 ms reading the response body/);
    // The receiver trickles forever; only the hard deadline ends the attempt (bound generous for CI).
    expect(d!.attempts[0]!.durationMs).toBeLessThan(10_000);
  });

  // Regression (issue 6 §3): a whole claimed batch waited in Promise.all for its slowest member.
  it('keeps delivering to a fast endpoint while a slow one holds its cap, and never exceeds the cap', async () => {
    const slow = await endpoint('hang');
    await emit(6); // the slow endpoint's backlog is due first
    const fast = await endpoint('ok');
    await emit(10);
    startDispatcher({ concurrency: 4, perEndpointConcurrency: 2 });

    const done = await eventually(async () => {
      const list = await deliveries(fast.id);
      const allDone = list.length === 10 && list.every((d) => d.status === 'succeeded');
      return allDone && slow.open === 2 ? list : undefined;
    });
    expect(done).toHaveLength(10);
    expect(fast.received).toBe(10);
    // The slow endpoint holds exactly its cap, no more, while its other deliveries wait their turn.
    expect([slow.open, slow.maxOpen]).toEqual([2, 2]);
    expect(fast.maxOpen).toBeLessThanOrEqual(2);
    const slowOnes = await deliveries(slow.id);
    expect(slowOnes.filter((d) => d.status === 'pending' && d.attemptCount === 0)).toHaveLength(16);
  });

  it('never lets an attempt outlive its claim: the POST is cut before the lock expires', async () => {
    const hung = await endpoint('hang');
    await emit();
    const now = Date.now();
    // A claim with only ~300 ms left for the POST (the rest is kept for recording the attempt).
    const lockedUntil = now + claimLockMs(300) - 5000;
    const [claimed] = await storage.transaction((tx) =>
      tx.webhooks.claimDue({
        owner: 'node_test',
        now,
        lockedUntil,
        limit: 1,
        perEndpoint: 1,
        inFlight: new Map(),
        skipLocked: tx.supportsSkipLocked,
      }),
    );
    const context = {
      storage,
      signer: new WebhookSigner(box),
      logger: pino({ level: 'silent' }),
      owner: 'node_test',
      retryScheduleSeconds: [0, 60],
      disableAfterMs: DEFAULT_DISABLE_AFTER_MS,
      timeoutMs: 30_000,
      guard: false,
      now: Date.now,
      random: Math.random,
    };
    await deliverWebhook(context, claimed!, lockedUntil, new AbortController().signal);
    expect(Date.now()).toBeLessThan(lockedUntil);
    const [d] = await deliveries(hung.id);
    expect(d).toMatchObject({ status: 'pending', attemptCount: 1 });
    expect(d!.attempts[0]!.error).toMatch(/^timed out after \d+ ms waiting for the response$/);
    expect(hung.received).toBe(1);
  });

  it('stops within a bound with a hung receiver, and the aborted delivery goes out again uncounted', async () => {
    const hung = await endpoint('hang');
    startDispatcher({ timeoutMs: 60_000 });
    await emit();
    await eventually(async () => (hung.open === 1 ? true : undefined));

    const started = performance.now();
    await dispatcher!.stop();
    // The receiver hangs for good and the attempt's deadline is 60 s: only aborting ends it this soon.
    expect(performance.now() - started).toBeLessThan(10_000);
    const [interrupted] = await deliveries(hung.id);
    expect(interrupted).toMatchObject({ status: 'pending', attemptCount: 0, attempts: [] });

    hung.answer();
    startDispatcher();
    const [delivered] = await eventually(async () => {
      const list = await deliveries(hung.id);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(delivered!.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 200]]);
    expect(hung.received).toBe(2);
  });

  // Regression (issue 6 §3): a secret that could not be decrypted threw before any attempt was
  // recorded, so the delivery was claimed again at every lock expiry, forever.
  it('fails a delivery whose secret cannot be decrypted with one recorded attempt, and delivers the others', async () => {
    const broken = await endpoint('ok');
    const healthy = await endpoint('ok');
    const row = await opened.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .where('id', '=', broken.id)
      .executeTakeFirstOrThrow();
    const [version, key, iv, data, tag] = row.secret.split('.');
    const flipped = `${data!.startsWith('A') ? 'B' : 'A'}${data!.slice(1)}`;
    await opened.db
      .updateTable('webhook_endpoints')
      .set({ secret: [version, key, iv, flipped, tag].join('.') })
      .where('id', '=', broken.id)
      .execute();

    startDispatcher();
    await emit(2);
    const failed = await eventually(async () => {
      const list = await deliveries(broken.id);
      return list.length === 2 && list.every((d) => d.status === 'failed') ? list : undefined;
    });
    for (const d of failed) {
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]!.error).toMatch(/signing secret cannot be decrypted/);
    }
    expect(broken.received).toBe(0);
    await eventually(async () => {
      const list = await deliveries(healthy.id);
      return list.length === 2 && list.every((d) => d.status === 'succeeded') ? true : undefined;
    });
  });

  // Regression (issue 6 §3/§4): an event row whose JSON is corrupt made the delivery throw before
  // an attempt was recorded, so it was claimed again at every lock expiry, forever.
  it('fails a delivery whose event row cannot be read, naming the row, and delivers the others', async () => {
    const target = await endpoint('ok');
    await emit(2);
    const events = await opened.db
      .selectFrom('events')
      .select('id')
      .orderBy('pos', 'desc')
      .limit(2)
      .execute();
    const broken = events[1]!.id;
    await opened.db.updateTable('events').set({ data: '{"truncated":' }).where('id', '=', broken).execute();
    startDispatcher();
    const list = await eventually(async () => {
      const all = await deliveries(target.id);
      return all.length === 2 && all.every((d) => d.status !== 'pending') ? all : undefined;
    });
    const bad = list.find((d) => d.eventId === broken)!;
    expect(bad.status).toBe('failed');
    expect(bad.attempts).toHaveLength(1);
    expect(bad.attempts[0]!.error).toMatch(new RegExp(`events row ${broken} cannot be read.*not retried`));
    expect(list.find((d) => d.eventId !== broken)?.status).toBe('succeeded');
  });
});
