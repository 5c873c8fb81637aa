import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSinks } from '../config/parse-sinks.js';
import { EventsService } from '../domain/events-service.js';
import { SinkOutbox } from '../domain/sink-outbox.js';
import { type TestDialect, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { emitEvents, eventually, fakePublisher } from '../testing/sink-gateway.js';
import { SinkWorker } from './sink-worker.js';

const logger = pino({ level: 'silent' });
const at = { tenantId: 'ten_1', sessionId: 'ses_1' };

async function setup(dialect: TestDialect, sinkOverrides: Record<string, unknown> = {}) {
  const db = testDatabase(dialect);
  const { opened, storage } = await seededStorage(db);
  const [sink] = parseSinks([
    {
      kind: 'nats',
      name: 'bus',
      url: 'nats://127.0.0.1:1',
      stream: 'S',
      retryBaseMs: 20,
      retryMaxMs: 100,
      pollIntervalMs: 20,
      batchSize: 10,
      ...sinkOverrides,
    },
  ]);
  const publisher = fakePublisher();
  const worker = new SinkWorker(storage, sink!, publisher, logger, { owner: 'node_a' });
  const events = new EventsService(storage, () => undefined);
  events.onRecorded(new SinkOutbox([sink!], () => worker.wake()).queue);
  const pending = async () => (await storage.sinkOutbox.backlog('bus')).pending;
  return {
    storage,
    events,
    worker,
    publisher,
    pending,
    async close() {
      await worker.stop();
      await opened.close();
      await db.cleanup();
    },
  };
}

describe.each(testDialects())('sink outbox and worker (%s)', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('queues an outbox row in the event transaction: a rolled-back event is owed to no sink', async () => {
    const t = await setup(dialect);
    close = t.close;
    await emitEvents(t, 3, at);
    await expect(
      t.storage.transaction(async (tx) => {
        await t.events.record(tx, { ...at, type: 'message.received', data: {} }, Date.now());
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.pending()).toBe(3);
  });

  it('publishes every event once acknowledged, and keeps retrying while the broker is down', async () => {
    const t = await setup(dialect);
    close = t.close;
    t.publisher.down = true;
    t.worker.start();
    const emitted = await emitEvents(t, 25, at);
    await eventually(async () => t.publisher.resets >= 3, 5000, 'retries');
    expect(await t.storage.sinkOutbox.backlog('bus')).toEqual({ pending: 25, lastError: 'broker down' });
    t.publisher.down = false;
    await eventually(async () => (await t.pending()) === 0, 10_000, 'the outbox to drain');
    expect(new Set(t.publisher.acked)).toEqual(new Set(emitted.map((e) => e.id)));
    expect(t.worker.published).toBe(25);
  });

  it('leaves no row behind a stop: what was claimed is given back and published after a restart', async () => {
    const t = await setup(dialect);
    close = t.close;
    t.publisher.down = true;
    t.worker.start();
    await emitEvents(t, 5, at);
    await eventually(async () => t.publisher.resets >= 1, 5000, 'a failed attempt');
    await t.worker.stop();
    const again = new SinkWorker(t.storage, t.worker.sink, t.publisher, logger, { owner: 'node_b' });
    close = async () => {
      await again.stop();
      await t.close();
    };
    t.publisher.down = false;
    again.start();
    await eventually(async () => (await t.pending()) === 0, 10_000, 'the outbox to drain');
    expect(new Set(t.publisher.acked).size).toBe(5);
  });

  it('queues only the events and modes a sink asks for', async () => {
    const t = await setup(dialect, { events: ['session.*'] });
    close = t.close;
    await emitEvents(t, 2, at);
    expect(await t.pending()).toBe(0);
    await t.storage.transaction((tx) =>
      t.events.record(tx, { ...at, type: 'session.status', data: { status: 'stopped' } }, Date.now()),
    );
    expect(await t.pending()).toBe(1);
  });
});
