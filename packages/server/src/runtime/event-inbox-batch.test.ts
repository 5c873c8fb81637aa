import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretBox } from '../crypto/secret-box.js';
import { EventsService } from '../domain/events-service.js';
import { MessagesService } from '../domain/messages-service.js';
import { phoneNormalizer } from '../domain/phone.js';
import { SessionsService } from '../domain/sessions-service.js';
import { MessagesRepo } from '../storage/repositories/messages-repo.js';
import { captureEngine } from '../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { EventInbox } from './event-inbox.js';
import { SessionRuntime } from './session-runtime.js';

const logger = pino({ level: 'silent' });
const quick = { baseMs: 1, maxMs: 10 };

/**
 * An inbox over a store that commits batches atomically (like the runtime's one transaction): `b…`
 * items are batchable, `s…` items are not; `failing` says when a write of an item fails.
 */
function recordingInbox(options: { max: number; capacity?: number; failing?: (item: string) => boolean }) {
  const calls: string[] = [];
  const stored: string[] = [];
  const failing = options.failing ?? (() => false);
  const warn = vi.fn();
  const inbox = new EventInbox<string>({
    handle: async (item) => {
      calls.push(`one:${item}`);
      if (failing(item)) throw new Error(`cannot store ${item}`);
      stored.push(item);
    },
    batch: {
      handle: async (items) => {
        calls.push(`batch:${items.join(',')}`);
        const staged: string[] = [];
        for (const item of items) {
          if (failing(item)) throw new Error(`cannot store ${item}`); // nothing of the batch is kept
          staged.push(item);
        }
        stored.push(...staged);
      },
      accepts: (item) => item.startsWith('b'),
      max: options.max,
    },
    capacity: options.capacity ?? 100,
    retry: quick,
    logger: { debug: () => undefined, info: () => undefined, error: () => undefined, warn },
  });
  return { inbox, calls, stored, warn };
}

describe('the engine event inbox in batch mode', () => {
  it('stores consecutive batchable items in one call each, at most `max` per call', async () => {
    const { inbox, calls, stored } = recordingInbox({ max: 3 });
    const items = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'];
    for (const item of items) inbox.push(item);
    expect(await inbox.idle()).toBe(true);
    expect(calls).toEqual(['batch:b1,b2,b3', 'batch:b4,b5,b6', 'one:b7']);
    expect(stored).toEqual(items);
  });

  it('stores the items it may not batch one by one, in order, between the batches', async () => {
    const { inbox, calls, stored } = recordingInbox({ max: 3 });
    const items = ['s0', 'b1', 'b2', 's3', 'b4', 'b5', 'b6', 'b7', 's8', 's9', 'b10', 'b11'];
    for (const item of items) inbox.push(item);
    expect(await inbox.idle()).toBe(true);
    expect(calls).toEqual([
      'one:s0',
      'batch:b1,b2',
      'one:s3',
      'batch:b4,b5,b6',
      'one:b7',
      'one:s8',
      'one:s9',
      'batch:b10,b11',
    ]);
    expect(stored).toEqual(items);
  });

  it('a failing batch falls back to one by one with retries: nothing is stored twice or lost', async () => {
    let badFailures = 0;
    const { inbox, calls, stored, warn } = recordingInbox({
      max: 8,
      // b2 cannot be stored three times, then can.
      failing: (item) => item === 'b2' && badFailures++ < 3,
    });
    const items = ['b1', 'b2', 'b3', 's4', 'b5', 'b6'];
    for (const item of items) inbox.push(item);
    expect(await inbox.idle()).toBe(true);
    expect(stored).toEqual(items);
    expect(calls).toEqual([
      'batch:b1,b2,b3', // fails on b2: nothing kept
      'one:b1',
      'batch:b2,b3', // fails again
      'one:b2', // fails, retried with back-off…
      'one:b2', // …and stored
      'one:b3',
      'one:s4',
      'batch:b5,b6', // the next run is batched again
    ]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ items: 3 }),
      'could not store engine events together; one by one',
    );
  });

  it('a stored batch releases a producer waiting for room', async () => {
    const { inbox, stored } = recordingInbox({ max: 64, capacity: 4 });
    const answers = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((item) => inbox.push(item));
    expect(answers).toEqual([true, true, true, false, false, false]);
    await inbox.drained();
    expect(inbox.size).toBeLessThan(2);
    expect(stored).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
  });
});

describe.each(testDialects())('a session runtime storing engine events in batches on %s', (dialect) => {
  let db: TestDatabase;
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const c of cleanups.splice(0).reverse()) await c();
    await db.cleanup();
  });

  it('a batch whose transaction fails is stored one by one: every inbound message once, with one event', async () => {
    db = testDatabase(dialect);
    const { opened, storage } = await seededStorage(db, 'capture');
    cleanups.push(() => opened.close());
    const events = new EventsService(storage, () => undefined);
    const phone = phoneNormalizer();
    const messages = new MessagesService(
      storage,
      events,
      () => undefined,
      () => true,
      phone,
    );
    const lease = (await storage.leases.acquire('ses_1', 'owner-a', Date.now(), 60_000))!;
    const capture = captureEngine();
    const runtime = new SessionRuntime((await storage.sessions.getById('ses_1'))!, lease, capture.engine, {
      storage,
      box: new SecretBox([randomBytes(32)]),
      sessions: new SessionsService(storage, events, phone),
      messages,
      logger,
      onEnded: () => undefined,
      storageRetry: quick,
    });
    cleanups.push(() => runtime.halt());
    await runtime.start();
    await runtime.settled();

    // The insert of IN2 fails three times (a full disk for a moment), inside batches and alone.
    const attempts = new Map<string, number>();
    const insert = MessagesRepo.prototype.insert;
    vi.spyOn(MessagesRepo.prototype, 'insert').mockImplementation(function (this: MessagesRepo, m, key) {
      const n = (attempts.get(m.waMessageId!) ?? 0) + 1;
      attempts.set(m.waMessageId!, n);
      if (m.waMessageId === 'IN2' && n <= 3) {
        return Promise.reject(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }));
      }
      return insert.call(this, m, key);
    });
    const ctx = capture.contexts[0]!;
    const ids = ['IN0', 'IN1', 'IN2', 'IN3', 'IN4'];
    for (const waMessageId of ids) {
      ctx.emit({
        type: 'message.received',
        waMessageId,
        from: '+14155550000',
        body: { type: 'text', text: waMessageId },
        at: Date.now(),
      });
    }
    expect(await runtime.settled()).toBe(true);

    // Earlier rows were written more than once (in batches that were rolled back)…
    expect(attempts.get('IN0')).toBeGreaterThan(1);
    expect(attempts.get('IN2')).toBe(4);
    // …and are stored once each, in order, each with one event.
    const rows = await storage.messages.list('ten_1', 'ses_1', 100, undefined);
    expect(rows.map((m) => m.waMessageId).sort()).toEqual(ids);
    const received = await storage.events.list({ tenantId: 'ten_1', type: 'message.received', limit: 100 });
    expect(received.map((e) => e.data.wa_message_id)).toEqual(ids);
  });
});
