import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventsService } from '../domain/events-service.js';
import { MessagesService, SEND_JOB } from '../domain/messages-service.js';
import { phoneNormalizer } from '../domain/phone.js';
import type { Message } from '../domain/types.js';
import { type EngineContext, EngineError } from '../engines/engine.js';
import type { OpenedDatabase } from '../storage/open-database.js';
import { JobsRepo } from '../storage/repositories/jobs-repo.js';
import type { Storage } from '../storage/storage.js';
import { type CaptureEngine, captureEngine } from '../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { noMedia } from '../testing/no-media.js';
import { seededStorage } from '../testing/seed-storage.js';
import { eventually } from '../testing/test-server.js';
import { SessionSender } from './session-sender.js';

const logger = pino({ level: 'silent' });

/** Engines that take a run at once (`sendMany`, like the sandbox) and engines that take one at a time. */
const engines = [
  ['sendMany', true],
  ['send', false],
] as const;

describe.each(testDialects())('the session sender on %s', (dialect) => {
  let db: TestDatabase;
  let opened: OpenedDatabase;
  let storage: Storage;
  let sender: SessionSender | undefined;

  beforeEach(async () => {
    db = testDatabase(dialect);
    ({ opened, storage } = await seededStorage(db, 'capture'));
  });
  afterEach(async () => {
    await sender?.stop();
    sender = undefined;
    vi.restoreAllMocks();
    await opened.close();
    await db.cleanup();
  });

  /** Queues `n` messages (as the accept path does: message row and job), oldest first. */
  const queue = async (n: number, to = (_i: number) => '+14155550000') => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const now = Date.now();
      const message: Message = {
        id: `msg_${String(i).padStart(3, '0')}`,
        tenantId: 'ten_1',
        sessionId: 'ses_1',
        direction: 'outbound',
        type: 'text',
        to: to(i),
        from: null,
        toLid: null,
        fromLid: null,
        body: { type: 'text', text: `#${i}` },
        status: 'queued',
        error: null,
        waMessageId: `WA${String(i).padStart(3, '0')}`,
        createdAt: now,
        sentAt: null,
        deliveredAt: null,
        readAt: null,
        failedAt: null,
      };
      await storage.messages.insert(message, null);
      await storage.jobs.enqueue(
        { kind: SEND_JOB, tenantId: 'ten_1', sessionId: 'ses_1', refId: message.id, runAt: now },
        now,
      );
      ids.push(message.waMessageId!);
    }
    return ids;
  };

  const start = (capture: CaptureEngine) => {
    const events = new EventsService(storage, () => undefined);
    const messages = new MessagesService(
      storage,
      events,
      () => undefined,
      () => true,
      phoneNormalizer(),
    );
    const ctx: EngineContext = {
      sessionId: 'ses_1',
      state: undefined as never, // the capture engine keeps no state
      logger,
      options: { autoPair: false },
      emit: () => true,
      drained: async () => undefined,
      lookupMessage: async () => undefined,
      ...noMedia,
    };
    sender = new SessionSender({
      sessionId: 'ses_1',
      engineSession: capture.engine.createSession(ctx),
      storage,
      messages,
      logger,
      fence: async () => undefined,
      inbox: { full: false, drained: async () => undefined },
      accountPhone: null,
    });
    sender.start();
    sender.connected(true, capture.phone);
    sender.wake();
  };

  const jobs = () =>
    opened.db
      .selectFrom('jobs')
      .innerJoin('messages', 'messages.id', 'jobs.ref_id')
      .select([
        'messages.wa_message_id as wa',
        'jobs.attempts',
        'jobs.handed_at',
        'jobs.run_at',
        'jobs.last_error',
      ])
      .orderBy('jobs.id')
      .execute();
  const allSent = async () =>
    (await storage.jobs.countForSession(SEND_JOB, 'ses_1')) === 0 ? true : undefined;
  const ids = (messages: readonly { waMessageId: string }[]) => messages.map((m) => m.waMessageId);

  it('hands due jobs over in runs of at most 64: one mark and one completion per run', async () => {
    const marks = vi.spyOn(JobsRepo.prototype, 'markHanded');
    const deletes = vi.spyOn(JobsRepo.prototype, 'delete');
    const queued = await queue(70);
    const capture = captureEngine({ sendMany: true });
    start(capture);
    await eventually(allSent);
    expect(capture.batches.map((b) => b.length)).toEqual([64, 6]);
    expect(ids(capture.batches.flat())).toEqual(queued);
    expect(ids(capture.sent)).toEqual(queued);
    expect(marks.mock.calls.map(([marked]) => (marked as number[]).length)).toEqual([64, 6]);
    expect(deletes.mock.calls.map(([done]) => (done as number[]).length)).toEqual([64, 6]);
  });

  it('an engine without sendMany gets one send per message, in order, in the same runs', async () => {
    const marks = vi.spyOn(JobsRepo.prototype, 'markHanded');
    const queued = await queue(70);
    const capture = captureEngine({ sendMany: false });
    start(capture);
    await eventually(allSent);
    expect(capture.batches).toEqual([]);
    expect(ids(capture.offered)).toEqual(queued);
    expect(ids(capture.sent)).toEqual(queued);
    expect(marks.mock.calls.map(([marked]) => (marked as number[]).length)).toEqual([64, 6]);
  });

  describe.each(engines)('with an engine using %s', (_name, sendMany) => {
    it('a retryable refusal mid-run: the later jobs stay unmarked and unsent, the refused one is retried first', async () => {
      const queued = await queue(5);
      const capture = captureEngine({ sendMany });
      let blocked = true;
      capture.refuse = (m) =>
        blocked && m.waMessageId === queued[2]
          ? new EngineError('SESSION_NOT_CONNECTED', 'The socket dropped.', true)
          : undefined;
      const before = Date.now();
      start(capture);

      const rows = await eventually(async () => {
        const list = await jobs();
        return list.length === 3 && list[0]?.attempts === 1 ? list : undefined;
      });
      expect(ids(capture.sent)).toEqual(queued.slice(0, 2));
      // Nothing after the refused message reached the engine (a sendMany got the run, but took
      // nothing after the refusal).
      expect(ids(capture.offered)).toEqual(queued.slice(0, 3));
      if (sendMany) expect(capture.batches.map(ids)).toEqual([queued]);
      expect(rows.map((r) => [r.wa, r.attempts, r.handed_at])).toEqual([
        [queued[2], 1, null],
        [queued[3], 0, null],
        [queued[4], 0, null],
      ]);
      expect(rows[0]!.run_at).toBeGreaterThan(before);
      expect(rows[0]!.last_error).toBe('The socket dropped.');

      blocked = false;
      await eventually(allSent);
      // FIFO: the refused message went out before the ones queued after it, none of them twice,
      // and none flagged as a possible duplicate (the refusal cleared its mark).
      expect(ids(capture.sent)).toEqual(queued);
      expect(capture.sent.filter((m) => m.resend)).toEqual([]);
    });

    it('a non-retryable refusal fails that message with the engine’s code, and the run goes on', async () => {
      const marks = vi.spyOn(JobsRepo.prototype, 'markHanded');
      const queued = await queue(4);
      const capture = captureEngine({ sendMany });
      capture.refuse = (m) =>
        m.waMessageId === queued[1]
          ? new EngineError('RECIPIENT_UNREACHABLE', 'No such WhatsApp account.', false)
          : undefined;
      start(capture);
      await eventually(allSent);

      expect(ids(capture.offered)).toEqual(queued);
      expect(ids(capture.sent)).toEqual([queued[0], queued[2], queued[3]]);
      if (sendMany) expect(capture.batches.map(ids)).toEqual([queued]);
      expect(marks).toHaveBeenCalledTimes(1); // one run
      const failed = await storage.messages.findByWaId('ses_1', queued[1]!);
      expect(failed).toMatchObject({
        status: 'failed',
        error: { code: 'RECIPIENT_UNREACHABLE', message: 'No such WhatsApp account.' },
      });
      expect(failed!.failedAt).not.toBeNull();
      const events = await storage.events.list({ tenantId: 'ten_1', type: 'message.failed', limit: 10 });
      expect(events.map((e) => [e.data.wa_message_id, (e.data.error as { code: string }).code])).toEqual([
        [queued[1], 'RECIPIENT_UNREACHABLE'],
      ]);
      for (const wa of [queued[0], queued[2], queued[3]]) {
        expect((await storage.messages.findByWaId('ses_1', wa!))?.status).toBe('queued'); // awaits its ack
      }
    });
  });
});
