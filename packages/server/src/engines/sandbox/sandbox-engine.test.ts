import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../crypto/secret-box.js';
import { createEngineStateStore } from '../../runtime/engine-state-store.js';
import type { OpenedDatabase } from '../../storage/open-database.js';
import type { Storage } from '../../storage/storage.js';
import { type TestDatabase, testDatabase, testDialects } from '../../testing/dialects.js';
import { type EngineServer, engineServer } from '../../testing/engine-server.js';
import { noMedia } from '../../testing/no-media.js';
import { seededStorage } from '../../testing/seed-storage.js';
import { eventually } from '../../testing/test-server.js';
import {
  type Engine,
  type EngineContext,
  EngineError,
  type EngineEvent,
  type EngineSession,
  type EngineStateStore,
  type OutboundMessage,
} from '../engine.js';
import { sandboxEngine } from './sandbox-engine.js';

const logger = pino({ level: 'silent' });
const STEP_MS = 60;

/** Recipients by behaviour (the last four digits, see recipient-behaviour.ts). */
const READS = '+14155550000';
const DELIVERS_ONLY = '+14155550001';
const NEVER_DELIVERS = '+14155550002';
const FAILS = '+14155550003';

const message = (waMessageId: string, to = READS): OutboundMessage => ({
  waMessageId,
  to,
  body: { type: 'text', text: `to ${to}` },
});

type Status = Extract<EngineEvent, { type: 'message.status' }>;

/** The engine state store of a session, counting its calls. */
function countingStore(store: EngineStateStore) {
  const calls = { get: 0, list: 0, set: 0 };
  const writes: Array<Record<string, Record<string, unknown>>> = [];
  const counted: EngineStateStore = {
    get: <T>(type: string, ids: readonly string[]) => {
      calls.get++;
      return store.get<T>(type, ids);
    },
    list: <T>(type: string) => {
      calls.list++;
      return store.list<T>(type);
    },
    set: (data) => {
      calls.set++;
      writes.push(data);
      return store.set(data);
    },
    clear: () => store.clear(),
  };
  return { counted, calls, writes };
}

describe.each(testDialects())('the sandbox engine on %s', (dialect) => {
  let db: TestDatabase;
  let opened: OpenedDatabase;
  let storage: Storage;
  let state: ReturnType<typeof countingStore>;
  const sessions: EngineSession[] = [];

  beforeEach(async () => {
    db = testDatabase(dialect);
    ({ opened, storage } = await seededStorage(db));
    const lease = (await storage.leases.acquire('ses_1', 'node-a', Date.now(), 60_000))!;
    state = countingStore(
      createEngineStateStore(storage, new SecretBox([randomBytes(32)]), 'ses_1', () => lease),
    );
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.stop();
    await opened.close();
    await db.cleanup();
  });

  /** A sandbox session on the shared state; `onEmit` sees each event after it was recorded. */
  const session = (onEmit: (event: EngineEvent, session: EngineSession) => void = () => undefined) => {
    const emitted: EngineEvent[] = [];
    const ctx: EngineContext = {
      sessionId: 'ses_1',
      state: state.counted,
      logger,
      options: { autoPair: false },
      emit: (event) => {
        emitted.push(event);
        onEmit(event, created);
        return true;
      },
      drained: async () => undefined,
      lookupMessage: async () => undefined,
      ...noMedia,
    };
    const created = sandboxEngine({ stepMs: STEP_MS }).createSession(ctx);
    sessions.push(created);
    const statuses = (id?: string) =>
      emitted
        .filter((e): e is Status => e.type === 'message.status' && (!id || e.waMessageId === id))
        .map((e) => e.status);
    return { session: created, emitted, statuses };
  };
  const paired = async (onEmit?: Parameters<typeof session>[0]) => {
    const s = session(onEmit);
    await s.session.start();
    await s.session.simulateScan!({ phone: '+15550001111' });
    return s;
  };
  const pending = async () => Object.keys(await state.counted.list('pending')).sort();

  it('sendMany: one state read and one write per run, a result per message, statuses and receipts', async () => {
    const s = await paired();
    const before = { ...state.calls };
    const results = await s.session.sendMany!([
      message('A'),
      message('B', FAILS),
      message('C'),
      message('C'), // the same message twice in one run
    ]);
    expect({ get: state.calls.get - before.get, set: state.calls.set - before.set }).toEqual({
      get: 1,
      set: 1,
    });
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'refused', 'sent', 'sent']);
    const refused = results[1] as { outcome: 'refused'; error: EngineError };
    expect(refused.error).toBeInstanceOf(EngineError);
    expect([refused.error.code, refused.error.retryable]).toEqual(['RECIPIENT_UNREACHABLE', false]);
    // `sent` at once for each new message, once; nothing for the refused one.
    expect([s.statuses('A'), s.statuses('B'), s.statuses('C')]).toEqual([['sent'], [], ['sent']]);
    expect(await pending()).toEqual(['A', 'C']);
    expect(Object.keys(await state.counted.list('send-log'))).toHaveLength(4); // every call is logged

    // Receipts follow for what was sent (none for the refused one) and then nothing is owed.
    await eventually(async () =>
      s.statuses('A').length === 3 && s.statuses('C').length === 3 ? true : undefined,
    );
    expect([s.statuses('A'), s.statuses('B'), s.statuses('C')]).toEqual([
      ['sent', 'delivered', 'read'],
      [],
      ['sent', 'delivered', 'read'],
    ]);
    await eventually(async () => ((await pending()).length === 0 ? true : undefined));
  });

  it('a repeated message id is sent with nothing new: no second status, no second receipts', async () => {
    const s = await paired();
    await s.session.sendMany!([message('A')]);
    const before = { ...state.calls };
    const results = await s.session.sendMany!([message('A'), message('D')]);
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'sent']);
    expect({ get: state.calls.get - before.get, set: state.calls.set - before.set }).toEqual({
      get: 1,
      set: 1,
    });
    await eventually(async () => (s.statuses('D').length === 3 ? true : undefined));
    await eventually(async () => ((await pending()).length === 0 ? true : undefined));
    expect([s.statuses('A'), s.statuses('D')]).toEqual([
      ['sent', 'delivered', 'read'],
      ['sent', 'delivered', 'read'],
    ]);
  });

  it('refuses retryably and touches no state while not connected', async () => {
    const s = session();
    await s.session.start(); // waiting for a scan
    const before = { ...state.calls };
    await expect(s.session.sendMany!([message('A')])).rejects.toMatchObject({
      code: 'SESSION_NOT_CONNECTED',
      retryable: true,
    });
    expect(state.calls).toEqual(before);
  });

  it('records only the last receipt a message is owed: it stays pending until then', async () => {
    const pendingAt: Array<[string, string, boolean]> = [];
    const s = await paired((event) => {
      if (event.type !== 'message.status') return;
      void state.counted
        .get('pending', [event.waMessageId])
        .then((p) => pendingAt.push([event.waMessageId, event.status, p[event.waMessageId] !== undefined]));
    });
    const writesBefore = state.writes.length;
    await s.session.sendMany!([message('R'), message('O', DELIVERS_ONLY), message('N', NEVER_DELIVERS)]);
    await eventually(async () =>
      s.statuses('R').length === 3 && s.statuses('O').length === 2 ? true : undefined,
    );
    await eventually(async () => (pendingAt.length === 6 ? true : undefined));
    expect(pendingAt.sort()).toEqual(
      [
        ['N', 'sent', true],
        ['O', 'sent', true],
        ['O', 'delivered', false], // its last receipt
        ['R', 'sent', true],
        ['R', 'delivered', true], // not its last: not written
        ['R', 'read', false],
      ].sort(),
    );
    expect(s.statuses('N')).toEqual(['sent']);
    expect(await pending()).toEqual(['N']); // never delivered: still owed
    // The send, then one write per message at its last receipt.
    expect(state.writes.slice(writesBefore).map((w) => Object.keys(w.pending ?? {}).sort())).toEqual(
      expect.arrayContaining([['N', 'O', 'R'], ['O'], ['R']]),
    );
    expect(state.writes.length - writesBefore).toBe(3);
  });

  it('a restart after "delivered" (recorded as sent) delivers "read" exactly once afterwards', async () => {
    const first = await paired((event, s) => {
      // The process dies right after the first receipt: no timer of it runs again.
      if (event.type === 'message.status' && event.status === 'delivered') void s.stop();
    });
    await first.session.sendMany!([message('M')]);
    await eventually(async () => (first.statuses('M').includes('delivered') ? true : undefined));
    expect(first.statuses('M')).toEqual(['sent', 'delivered']);
    expect(await pending()).toEqual(['M']);

    const second = session();
    await second.session.start(); // has credentials: reconnects and resumes what is owed
    await eventually(async () => (second.statuses('M').includes('read') ? true : undefined));
    await eventually(async () => ((await pending()).length === 0 ? true : undefined));
    expect(second.statuses('M')).toEqual(['delivered', 'read']); // a repeated delivered changes nothing
    expect([...first.statuses('M'), ...second.statuses('M')].filter((s) => s === 'read')).toHaveLength(1);
  });
});

describe.each(testDialects())('the sandbox across a server restart on %s', (dialect) => {
  let db: TestDatabase;
  const servers: EngineServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.app.close().catch(() => undefined);
    await db.cleanup();
  });

  /** The sandbox, with a switch that makes its session die (stop silently) at one message's "delivered". */
  const crashingSandbox = (crashAt?: () => string | undefined): Engine => {
    const inner = sandboxEngine({ stepMs: 50 });
    return {
      ...inner,
      createSession: (ctx) => {
        let dead = false;
        const created: EngineSession = inner.createSession({
          ...ctx,
          emit: (event) => {
            if (dead) return true;
            const more = ctx.emit(event);
            if (
              event.type === 'message.status' &&
              event.status === 'delivered' &&
              event.waMessageId === crashAt?.()
            ) {
              dead = true;
              void created.stop();
            }
            return more;
          },
        });
        return created;
      },
    };
  };

  it('a message in flight at a restart reaches read exactly once in events', async () => {
    db = testDatabase(dialect);
    let crashAt: string | undefined;
    const first = await engineServer(db, [crashingSandbox(() => crashAt)]);
    servers.push(first);
    const { body: session } = await first.call('POST', '/v1/sessions', { auto_pair: true });
    await eventually(async () =>
      (await first.call('GET', `/v1/sessions/${session.id}`)).body.status === 'connected' ? true : undefined,
    );
    const { body: accepted } = await first.call('POST', `/v1/sessions/${session.id}/messages`, {
      type: 'text',
      to: READS,
      text: 'across a restart',
    });
    crashAt = accepted.wa_message_id;
    await eventually(async () =>
      (await first.call('GET', `/v1/messages/${accepted.id}`)).body.status === 'delivered' ? true : undefined,
    );
    // The first process is gone with "read" still owed: it knew the message only as `sent`.
    await first.app.close();
    const owed = await engineServer(db, [crashingSandbox()], { key: first.key });
    servers.push(owed);
    const read = await eventually(async () => {
      const m = await owed.call('GET', `/v1/messages/${accepted.id}`);
      return m.body.status === 'read' ? m.body : undefined;
    });
    expect(read.read_at).not.toBeNull();
    await owed.gateway.manager.runtimeOf(session.id)?.settled();
    const events = await owed.call('GET', `/v1/events?session_id=${session.id}&limit=100`);
    const ofMessage = events.body.data
      .filter((e: { type: string; data: { id?: string } }) => e.data.id === accepted.id)
      .map((e: { type: string }) => e.type);
    expect(ofMessage).toEqual(['message.sent', 'message.delivered', 'message.read']);
    const stillOwed = await owed.gateway.storage.engineState.list(session.id, 'pending');
    expect([...stillOwed.keys()]).toEqual([]);
  });
});
