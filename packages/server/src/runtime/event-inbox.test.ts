import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretBox } from '../crypto/secret-box.js';
import { EventsService } from '../domain/events-service.js';
import { MessagesService } from '../domain/messages-service.js';
import { phoneNormalizer } from '../domain/phone.js';
import { SessionsService } from '../domain/sessions-service.js';
import type { Engine, EngineContext } from '../engines/engine.js';
import { MessagesRepo } from '../storage/repositories/messages-repo.js';
import { captureEngine } from '../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { type EngineServer, engineServer } from '../testing/engine-server.js';
import { seededStorage } from '../testing/seed-storage.js';
import { eventually } from '../testing/test-server.js';
import { EventInbox } from './event-inbox.js';
import { SessionRuntime } from './session-runtime.js';

const logger = pino({ level: 'silent' });
const quick = { baseMs: 1, maxMs: 20 };

describe('the engine event inbox', () => {
  it('stores in order, retries a failing write until it is stored, and answers back-pressure', async () => {
    const stored: number[] = [];
    let failures = 3;
    const inbox = new EventInbox<number>({
      handle: async (n) => {
        if (n === 2 && failures-- > 0) throw new Error('disk full');
        stored.push(n);
      },
      capacity: 4,
      retry: quick,
      logger,
    });
    expect([1, 2, 3].map((n) => inbox.push(n))).toEqual([true, true, true]);
    expect(inbox.push(4)).toBe(false); // at capacity: the producer should wait…
    expect(inbox.push(5)).toBe(false); // …but nothing is ever dropped
    await inbox.drained();
    expect(inbox.size).toBeLessThan(2);
    expect(await inbox.idle()).toBe(true);
    expect(stored).toEqual([1, 2, 3, 4, 5]);
    expect(failures).toBe(-1);
  });

  it('drops an item only on a final error; idle() can give up waiting while storage still fails', async () => {
    let broken = true;
    const stored: string[] = [];
    const inbox = new EventInbox<string>({
      handle: async (item) => {
        if (item === 'fenced') throw new Error('fenced');
        if (broken) throw new Error('disk full');
        stored.push(item);
      },
      isFinal: (error) => (error as Error).message === 'fenced',
      capacity: 10,
      retry: quick,
      logger,
    });
    inbox.push('fenced');
    inbox.push('kept');
    expect(await inbox.idle(50)).toBe(false);
    broken = false;
    expect(await inbox.idle()).toBe(true);
    expect(stored).toEqual(['kept']);
  });
});

/** An engine whose inbound traffic the test produces, honouring back-pressure as Baileys does. */
function producerEngine() {
  const contexts: EngineContext[] = [];
  const engine: Engine = {
    name: 'producer',
    capabilities: { qr: false, pairingCode: false, simulatedScan: false, messageTypes: ['text'] },
    createSession: (ctx) => {
      contexts.push(ctx);
      return {
        start: async () => {
          ctx.emit({ type: 'status', status: 'connected', phone: '+15550001111' });
        },
        stop: async () => undefined,
        logout: async () => undefined,
        send: async () => undefined,
      };
    },
  };
  return { engine, contexts };
}

describe.each(testDialects())('engine events under storage faults on %s', (dialect) => {
  let db: TestDatabase;
  let server: EngineServer | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    vi.restoreAllMocks();
    await server?.app.close();
    server = undefined;
    for (const c of cleanups.splice(0).reverse()) await c();
    await db.cleanup();
  });

  /** Fails inserts of inbound messages while `failing()` says so. */
  const failInboundInserts = (failing: () => boolean) => {
    let refused = 0;
    const insert = MessagesRepo.prototype.insert;
    vi.spyOn(MessagesRepo.prototype, 'insert').mockImplementation(function (this: MessagesRepo, m, key) {
      if (m.direction === 'inbound' && failing()) {
        refused++;
        return Promise.reject(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }));
      }
      return insert.call(this, m, key);
    });
    return () => refused;
  };

  it('an inbound message whose insert fails is stored once storage recovers, once, with its event', async () => {
    db = testDatabase(dialect);
    const capture = captureEngine();
    server = await engineServer(db, [capture.engine]);
    const s = server;
    const { body: session } = await s.call('POST', '/v1/sessions', { engine: 'capture' });
    await eventually(async () =>
      (await s.call('GET', `/v1/sessions/${session.id}`)).body.status === 'connected' ? true : undefined,
    );

    let failing = true;
    const refused = failInboundInserts(() => failing);
    const ctx = capture.contexts.at(-1)!;
    ctx.emit({
      type: 'message.received',
      waMessageId: 'ACKED-BY-WHATSAPP',
      from: '+14155550000',
      body: { type: 'text', text: 'do not lose me' },
      at: Date.now(),
    });
    await eventually(async () => (refused() >= 3 ? true : undefined));
    failing = false;

    const stored = await eventually(() =>
      s.gateway.storage.messages.findByWaId(session.id, 'ACKED-BY-WHATSAPP'),
    );
    expect(stored).toMatchObject({
      direction: 'inbound',
      status: 'received',
      body: { text: 'do not lose me' },
    });
    await s.gateway.manager.runtimeOf(session.id)?.settled();
    const listed = await s.call('GET', `/v1/sessions/${session.id}/messages`);
    expect(
      listed.body.data.filter((m: { wa_message_id: string }) => m.wa_message_id === 'ACKED-BY-WHATSAPP'),
    ).toHaveLength(1);
    const events = await s.call('GET', `/v1/events?session_id=${session.id}&type=message.received`);
    expect(events.body.data.map((e: { data: { wa_message_id: string } }) => e.data.wa_message_id)).toEqual([
      'ACKED-BY-WHATSAPP',
    ]);
  });

  it('stays bounded: a producer is told to wait while storage fails, and everything is stored once', async () => {
    db = testDatabase(dialect);
    const { opened, storage } = await seededStorage(db, 'producer');
    cleanups.push(() => opened.close());
    const events = new EventsService(storage, () => undefined);
    const phone = phoneNormalizer();
    const sessions = new SessionsService(storage, events, phone);
    const messages = new MessagesService(
      storage,
      events,
      () => undefined,
      () => true,
      phone,
    );
    const lease = (await storage.leases.acquire('ses_1', 'owner-a', Date.now(), 60_000))!;
    const { engine, contexts } = producerEngine();
    const runtime = new SessionRuntime((await storage.sessions.getById('ses_1'))!, lease, engine, {
      storage,
      box: new SecretBox([randomBytes(32)]),
      sessions,
      messages,
      logger,
      onEnded: () => undefined,
      inboxCapacity: 8,
      storageRetry: quick,
    });
    cleanups.push(() => runtime.halt());
    await runtime.start();
    await runtime.settled();

    let failing = true;
    const refused = failInboundInserts(() => failing);
    // Storage recovers once the inbox has retried for a while (and the producer had to wait).
    const recovered = eventually(async () => (refused() >= 5 && waits > 0 ? true : undefined)).then(() => {
      failing = false;
    });
    const ctx = contexts[0]!;
    let waits = 0;
    const total = 200;
    const produced = (async () => {
      for (let i = 0; i < total; i++) {
        const more = ctx.emit({
          type: 'message.received',
          waMessageId: `IN${i}`,
          from: '+14155550000',
          body: { type: 'text', text: `#${i}` },
          at: Date.now(),
        });
        if (!more) {
          waits++;
          await ctx.drained();
        }
      }
    })();
    await Promise.all([produced, recovered]);
    expect(await runtime.settled()).toBe(true);
    expect(waits).toBeGreaterThanOrEqual(1);
    expect(runtime.inbox.highest).toBeLessThanOrEqual(8);
    const rows = await storage.messages.list('ten_1', 'ses_1', 100, undefined);
    const all = [...rows];
    while (all.length < total) {
      const page = await storage.messages.list('ten_1', 'ses_1', 100, all.at(-1)!.id);
      if (page.length === 0) break;
      all.push(...page);
    }
    const ids = all.map((m) => m.waMessageId);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);
  });
});
