import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretBox } from '../crypto/secret-box.js';
import type { Principal } from '../domain/authorization.js';
import { EventsService } from '../domain/events-service.js';
import { WebhooksService } from '../domain/webhooks-service.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { testPrincipal } from '../testing/test-principal.js';
import type { OpenedDatabase } from './open-database.js';
import type { Storage } from './storage.js';

const dialects = testDialects();

/** A promise and the function that resolves it. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One row per call (jobs have no unique key but their id): a write applied twice shows as two. */
const write = (tx: Storage, ref: string) =>
  tx.jobs.enqueue({ kind: 'test', tenantId: 'ten_1', sessionId: 'ses_1', refId: ref, runAt: 0 }, 0);

function fixture(dialect: 'sqlite' | 'postgres') {
  const state = {} as { db: TestDatabase; opened: OpenedDatabase; storage: Storage; commits: () => number };
  beforeEach(async () => {
    state.db = testDatabase(dialect);
    ({ opened: state.opened, storage: state.storage } = await seededStorage(state.db));
    // Every database transaction Storage opens goes through the root Kysely's transaction().
    const spy = vi.spyOn(state.opened.db, 'transaction');
    state.commits = () => spy.mock.calls.length;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await state.opened.close();
    await state.db.cleanup();
  });
  const refs = async () =>
    (await state.opened.db.selectFrom('jobs').select('ref_id').orderBy('id').execute()).map((r) => r.ref_id);
  /** A transaction that writes `ref` and returns it. */
  const written = (ref: string) =>
    state.storage.transaction(async (tx) => {
      await write(tx, ref);
      return ref;
    });
  return Object.assign(state, { refs, written });
}

describe.runIf(dialects.includes('sqlite'))('group commit of transactions on sqlite', () => {
  const f = fixture('sqlite');

  it('transactions of one tick share one database transaction, each with its own result', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((ref) =>
        f.storage.transaction(async (tx) => {
          await write(tx, ref);
          return `result ${ref}`;
        }),
      ),
    );
    expect(results).toEqual(['result a', 'result b', 'result c', 'result d', 'result e']);
    expect(f.commits()).toBe(1);
    expect(await f.refs()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('transactions submitted while one runs (over several ticks) share the next commit', async () => {
    const entered = gate();
    const release = gate();
    const first = f.storage.transaction(async (tx) => {
      await write(tx, 'first');
      entered.open();
      await release.opened;
      return 'first';
    });
    await entered.opened;
    const later: Array<Promise<string>> = [];
    for (const ref of ['b', 'c', 'd']) {
      later.push(f.written(ref));
      await tick();
    }
    expect(f.commits()).toBe(1); // the others wait for the running one
    release.open();
    expect(await Promise.all([first, ...later])).toEqual(['first', 'b', 'c', 'd']);
    expect(f.commits()).toBe(2);
    expect(await f.refs()).toEqual(['first', 'b', 'c', 'd']);
  });

  it('a failing transaction rejects alone and leaves nothing; its neighbours commit once each', async () => {
    const settled = await Promise.allSettled([
      f.written('before'),
      f.storage.transaction(async (tx) => {
        await write(tx, 'failing');
        throw new Error('refused by the test');
      }),
      f.written('after'),
    ]);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'before' },
      { status: 'rejected', reason: new Error('refused by the test') },
      { status: 'fulfilled', value: 'after' },
    ]);
    // The shared attempt was rolled back entirely; no write is there twice or half.
    expect(await f.refs()).toEqual(['before', 'after']);
  });

  it('after-commit callbacks run once the shared commit is done, only for the work that committed', async () => {
    const ran: string[] = [];
    const seenInside: string[][] = [];
    const work = (name: string, fail = false) =>
      f.storage.transaction(async (tx) => {
        seenInside.push([...ran]);
        await write(tx, name);
        tx.afterCommit(() => ran.push(name));
        if (fail) throw new Error(`${name} fails`);
        return [...ran];
      });
    // All commit: no callback runs before the shared commit, each runs once before its caller resumes.
    const results = await Promise.all([work('one'), work('two'), work('three')]);
    expect(f.commits()).toBe(1);
    expect(seenInside).toEqual([[], [], []]);
    expect(ran).toEqual(['one', 'two', 'three']);
    expect(results).toEqual([[], [], []]);

    // One fails: the callbacks it (and the rolled-back shared attempt) registered never run.
    ran.length = 0;
    const settled = await Promise.allSettled([work('four'), work('five', true), work('six')]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(ran).toEqual(['four', 'six']);
    expect(await f.refs()).toEqual(['one', 'two', 'three', 'four', 'six']);
  });

  it('memo() belongs to one logical transaction, not to the database transaction it shares', async () => {
    const computed: string[] = [];
    const read = (tx: Storage, who: string) =>
      tx.memo('key', async () => {
        computed.push(who);
        return who;
      });
    const results = await Promise.all(
      ['a', 'b', 'c'].map((who) =>
        f.storage.transaction(async (tx) => [await read(tx, who), await read(tx, `${who} again`)]),
      ),
    );
    expect(f.commits()).toBe(1);
    // Each computed once for itself, then remembered for the rest of it.
    expect(results).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    expect(computed).toEqual(['a', 'b', 'c']);
    // Outside a transaction nothing is remembered.
    expect([await read(f.storage, 'x'), await read(f.storage, 'y')]).toEqual(['x', 'y']);
  });

  it('an endpoint created by one transaction of a batch gets the deliveries of events recorded after it', async () => {
    const queued: string[][] = [];
    const events = new EventsService(f.storage, (ids) => queued.push([...ids]));
    const record = (tx: Storage, i: number) =>
      events.record(
        tx,
        { tenantId: 'ten_1', sessionId: 'ses_1', type: 'session.status', data: { i } },
        Date.now(),
      );
    const now = Date.now();
    const [before, , after] = await Promise.all([
      // Reads (and memoizes, for itself) the tenant's endpoints: none yet.
      f.storage.transaction((tx) => record(tx, 1)),
      f.storage.transaction((tx) =>
        tx.webhooks.insertEndpoint(
          {
            id: 'whk_new',
            tenantId: 'ten_1',
            url: 'https://example.com/hook',
            events: ['*'],
            description: null,
            enabled: true,
            createdAt: now,
            updatedAt: now,
          },
          'sealed',
        ),
      ),
      f.storage.transaction((tx) => record(tx, 3)),
    ]);
    expect(f.commits()).toBe(1);
    const deliveries = await f.storage.webhooks.listDeliveries('ten_1', 'whk_new', 10);
    expect(deliveries.map((d) => d.eventId)).toEqual([after.id]);
    expect(deliveries.map((d) => d.eventId)).not.toContain(before.id);
    expect(queued).toEqual([['whk_new']]);
  });
});

describe.each(dialects)('webhook endpoints and events of one tick on %s', (dialect) => {
  const f = fixture(dialect);

  it('an endpoint created through the service and an event recorded in the same tick: the event is delivered', async () => {
    const box = new SecretBox([randomBytes(32)]);
    const webhooks = new WebhooksService(f.storage, box, false);
    const events = new EventsService(f.storage, () => undefined);
    const tenant = (await f.storage.tenants.get('ten_1'))!;
    const principal: Principal = testPrincipal(tenant);
    const record = (i: number) =>
      f.storage.transaction((tx) =>
        events.record(
          tx,
          { tenantId: 'ten_1', sessionId: 'ses_1', type: 'session.status', data: { i } },
          Date.now(),
        ),
      );
    const created = webhooks.create(principal, { url: 'https://example.com/hook' });
    const event = record(2);
    const [{ endpoint }, recorded] = await Promise.all([created, event]);
    const deliveries = await f.storage.webhooks.listDeliveries('ten_1', endpoint.id, 10);
    expect(deliveries.map((d) => [d.eventId, d.status])).toEqual([[recorded.id, 'pending']]);
  });
});

describe.runIf(dialects.includes('postgres'))('transactions on postgres', () => {
  const f = fixture('postgres');

  it('are not batched: concurrent transactions are concurrent database transactions, each committing alone', async () => {
    const entered = gate();
    const release = gate();
    const slow = f.storage.transaction(async (tx) => {
      await write(tx, 'slow');
      entered.open();
      await release.opened;
      return 'slow';
    });
    await entered.opened;
    // While the slow one is still open, others start, commit and are visible without it.
    const quick = await Promise.all(['a', 'b'].map((ref) => f.written(ref)));
    expect(quick).toEqual(['a', 'b']);
    expect((await f.refs()).sort()).toEqual(['a', 'b']);
    release.open();
    expect(await slow).toBe('slow');
    expect((await f.refs()).sort()).toEqual(['a', 'b', 'slow']);
    expect(f.commits()).toBe(3);
  });

  it('a failing transaction takes only its own writes along', async () => {
    const settled = await Promise.allSettled(
      ['a', 'fails', 'b'].map((ref) =>
        f.storage.transaction(async (tx) => {
          await write(tx, ref);
          if (ref === 'fails') throw new Error('refused by the test');
          return ref;
        }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await f.refs()).sort()).toEqual(['a', 'b']);
    expect(f.commits()).toBe(3);
  });
});
