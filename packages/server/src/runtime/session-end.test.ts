import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretBox } from '../crypto/secret-box.js';
import { EngineStateRepo } from '../storage/repositories/engine-state-repo.js';
import { LeasesRepo } from '../storage/repositories/leases-repo.js';
import { Storage } from '../storage/storage.js';
import { type CaptureEngine, captureEngine } from '../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { type EngineServer, engineServer } from '../testing/engine-server.js';
import { eventually } from '../testing/test-server.js';
import { createEngineStateStore } from './engine-state-store.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

/**
 * Messages still queued when their session logs out or is deleted end `failed` with a code and a
 * `message.failed` event, and are never sent later (not from another account paired to the
 * session); races of a send or a logout with a delete answer coded errors, and nothing accepted
 * silently disappears.
 */
describe.each(testDialects())('queued messages of a session that ends, on %s', (dialect) => {
  let db: TestDatabase;
  let s: EngineServer;
  let capture: CaptureEngine;

  afterEach(async () => {
    vi.restoreAllMocks();
    await s?.app.close().catch(() => undefined);
    await db.cleanup();
  });

  const setup = async () => {
    db = testDatabase(dialect);
    capture = captureEngine({ ackSends: true });
    s = await engineServer(db, [capture.engine]);
    const { body } = await s.call('POST', '/v1/sessions', { engine: 'capture' });
    await waitStatus(body.id, 'connected');
    return body.id as string;
  };
  const waitStatus = (id: string, status: string) =>
    eventually(async () =>
      (await s.call('GET', `/v1/sessions/${id}`)).body.status === status ? true : undefined,
    );
  const send = (id: string, text: string) =>
    s.call('POST', `/v1/sessions/${id}/messages`, { type: 'text', to: '+14155550000', text });
  const message = async (id: string): Promise<Body> => (await s.call('GET', `/v1/messages/${id}`)).body;
  const failedEvents = async (sessionId: string) =>
    (await s.call('GET', `/v1/events?session_id=${sessionId}&type=message.failed&limit=100`)).body.data.map(
      (e: Body) => e.data.id,
    );

  it('logging out through the API fails the queue with SESSION_LOGGED_OUT; a later send is refused', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    const a = (await send(id, 'one')).body;
    const b = (await send(id, 'two')).body;
    const out = await s.call('POST', `/v1/sessions/${id}/logout`);
    expect(out.body).toMatchObject({ status: 'logged_out', phone: null });
    for (const m of [a, b]) {
      expect(await message(m.id)).toMatchObject({ status: 'failed', error: { code: 'SESSION_LOGGED_OUT' } });
    }
    expect((await failedEvents(id)).sort()).toEqual([a.id, b.id].sort());
    expect(await s.gateway.storage.jobs.countForSession('message.send', id)).toBe(0);

    const refused = await send(id, 'three');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SESSION_LOGGED_OUT');
  });

  it('a logout reported by the engine (the phone unlinked the device) fails the queue too', async () => {
    const id = await setup();
    capture.holdSends = true;
    const a = (await send(id, 'held')).body;
    await eventually(async () => {
      const [job] = await s.gateway.storage.jobs.listForSession('message.send', id);
      return job && job.attempts > 0 ? true : undefined;
    });
    capture.contexts.at(-1)!.emit({ type: 'status', status: 'logged_out', reason: 'logged_out_from_phone' });
    await waitStatus(id, 'logged_out');
    expect(await message(a.id)).toMatchObject({ status: 'failed', error: { code: 'SESSION_LOGGED_OUT' } });
    expect(await failedEvents(id)).toEqual([a.id]);
    expect(capture.sent).toEqual([]);
  });

  it('a message accepted for the account that logged out is never sent from the next one', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    // The send passed its checks while the old account was linked; it commits after the logout.
    const gate = holdNextGroupCommit();
    const sending = send(id, 'for the old account');
    await gate.reached;
    await s.call('POST', `/v1/sessions/${id}/logout`);
    gate.release();
    const accepted = await sending;
    expect(accepted.status).toBe(202);
    expect(accepted.body.from).toBe('+15550009999');

    capture.phone = '+15550008888'; // another phone pairs the session
    await s.call('POST', `/v1/sessions/${id}/start`);
    await waitStatus(id, 'connected');
    const failed = await eventually(async () => {
      const m = await message(accepted.body.id);
      return m.status === 'failed' ? m : undefined;
    });
    expect(failed.error.code).toBe('SESSION_LOGGED_OUT');
    expect(capture.sent).toEqual([]);
    expect(await failedEvents(id)).toEqual([accepted.body.id]);
  });

  it('deleting fails the queue with SESSION_DELETED; the messages and events stay readable', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    const a = (await send(id, 'never sent')).body;
    const deleted = await s.call('DELETE', `/v1/sessions/${id}`);
    expect(deleted.body).toEqual({ id, deleted: true });

    expect(await message(a.id)).toMatchObject({ status: 'failed', error: { code: 'SESSION_DELETED' } });
    expect(await failedEvents(id)).toEqual([a.id]);
    for (const [method, url] of [
      ['GET', `/v1/sessions/${id}`],
      ['GET', `/v1/sessions/${id}/messages`],
      ['POST', `/v1/sessions/${id}/messages`],
      ['DELETE', `/v1/sessions/${id}`],
    ] as const) {
      const res = await s.call(
        method,
        url,
        method === 'POST' ? { type: 'text', to: '+14155550000', text: 'x' } : undefined,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('SESSION_DELETED');
    }
    expect((await s.call('GET', '/v1/sessions')).body.data.map((x: Body) => x.id)).not.toContain(id);
    expect((await s.gateway.storage.engineState.list(id, 'anything')).size).toBe(0);
  });

  it('credentials a delete could not erase (storage failed) are erased by the next sweep', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    const storage = s.gateway.storage;
    const lease = (await storage.leases.acquire(id, 'test/1', Date.now(), 1000))!;
    await createEngineStateStore(storage, new SecretBox([randomBytes(32)]), id, () => lease).set({
      creds: { main: { secret: true } },
    });
    await storage.leases.release(lease);
    let refused = 0;
    vi.spyOn(EngineStateRepo.prototype, 'clear').mockImplementation(async () => {
      refused++;
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    });
    expect((await s.call('DELETE', `/v1/sessions/${id}`)).status).toBe(200);
    expect(refused).toBeGreaterThan(0);
    expect((await storage.engineState.list(id, 'creds')).size).toBe(1);

    vi.mocked(EngineStateRepo.prototype.clear).mockRestore();
    await eventually(async () =>
      (await storage.engineState.list(id, 'creds')).size === 0 ? true : undefined,
    );
    await eventually(async () =>
      (await storage.leases.listFreeOfDeletedSessions(Date.now(), 10)).includes(id) ? undefined : true,
    );
  });

  it('a send accepted (202) while its session is being deleted is kept, and failed with its event', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    const gate = holdNextGroupCommit();
    const sending = send(id, 'racing the delete');
    await gate.reached; // the send checked the session: it exists
    expect((await s.call('DELETE', `/v1/sessions/${id}`)).status).toBe(200);
    gate.release();
    const accepted = await sending;
    expect(accepted.status).toBe(202);

    const failed = await eventually(async () => {
      const m = await s.call('GET', `/v1/messages/${accepted.body.id}`);
      return m.body.status === 'failed' ? m : undefined;
    });
    expect(failed.status).toBe(200);
    expect(failed.body.error.code).toBe('SESSION_DELETED');
    expect(await failedEvents(id)).toEqual([accepted.body.id]);
    expect(capture.sent).toEqual([]);
  });

  it('a send committed between the tombstone and the rest of the delete is failed too', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    const gate = holdNextGroupCommit();
    const sending = send(id, 'committed mid-delete');
    await gate.reached;
    // The delete pauses right after its tombstone transaction (in its logout step).
    let resume!: () => void;
    const paused = new Promise<void>((r) => {
      resume = r;
    });
    const logout = s.gateway.manager.logout.bind(s.gateway.manager);
    vi.spyOn(s.gateway.manager, 'logout').mockImplementationOnce(async (sessionId) => {
      await paused;
      return logout(sessionId);
    });
    const deleting = s.call('DELETE', `/v1/sessions/${id}`);
    await eventually(async () => ((await s.gateway.storage.sessions.isDeleted(null, id)) ? true : undefined));
    gate.release();
    const accepted = await sending;
    expect(accepted.status).toBe(202);
    resume();
    expect((await deleting).status).toBe(200);
    const failed = await eventually(async () => {
      const m = await message(accepted.body.id);
      return m.status === 'failed' ? m : undefined;
    });
    expect(failed.error.code).toBe('SESSION_DELETED');
    expect(await failedEvents(id)).toEqual([accepted.body.id]);
  });

  it('a logout racing a delete answers a coded 4xx, never a 500', async () => {
    const id = await setup();
    await s.call('POST', `/v1/sessions/${id}/stop`);
    // The logout takes the lease to clear the credentials; it is held there while the delete runs.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let reached!: () => void;
    const atAcquire = new Promise<void>((r) => {
      reached = r;
    });
    const acquire = LeasesRepo.prototype.acquire;
    vi.spyOn(LeasesRepo.prototype, 'acquire').mockImplementationOnce(async function (
      this: LeasesRepo,
      ...args
    ) {
      reached();
      await held;
      return acquire.apply(this, args);
    });
    const loggingOut = s.call('POST', `/v1/sessions/${id}/logout`);
    await atAcquire;
    const deleting = s.call('DELETE', `/v1/sessions/${id}`);
    await eventually(async () => ((await s.gateway.storage.sessions.isDeleted(null, id)) ? true : undefined));
    release();
    const [logout, deleted] = await Promise.all([loggingOut, deleting]);
    expect(deleted.status).toBe(200);
    expect(logout.status).toBe(404);
    expect(logout.body.error.code).toBe('SESSION_DELETED');
  });
});

/** Holds the next group commit (an accepted message's write) until released. */
function holdNextGroupCommit() {
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  let reached!: () => void;
  const atCommit = new Promise<void>((r) => {
    reached = r;
  });
  const groupCommit = Storage.prototype.groupCommit;
  vi.spyOn(Storage.prototype, 'groupCommit').mockImplementationOnce(async function (this: Storage, work) {
    reached();
    await held;
    return groupCommit.call(this, work);
  });
  return { reached: atCommit, release };
}
