import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeasesRepo } from '../storage/repositories/leases-repo.js';
import { captureEngine } from '../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import { type EngineServer, engineServer } from '../testing/engine-server.js';
import { eventually } from '../testing/test-server.js';
import { holderIsGone, processHolder } from './lease-holder.js';

/** Starts `node -e <code>` and resolves its pid once it runs (and, with `exited`, once it ended). */
async function child(code: string) {
  const proc = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  await new Promise((resolve) => proc.once('spawn', resolve));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { pid: proc.pid!, exited, kill: () => proc.kill() };
}

describe('lease holders', () => {
  it('an owner id is unique per process, even with the same node id', () => {
    const a = processHolder('node-1');
    const b = processHolder('node-1');
    expect(a.owner).not.toBe(b.owner);
    expect(a.owner.startsWith('node-1/')).toBe(true);
    expect(a.holder).toEqual({ host: b.holder.host, pid: process.pid });
  });

  it('proof that a holder is gone: same host, and its pid has exited; nothing else counts', async () => {
    const { host } = processHolder('n').holder;
    const dead = await child('');
    await dead.exited;
    expect(holderIsGone({ host, pid: dead.pid })).toBe(true);

    const alive = await child('setInterval(() => {}, 1000)');
    try {
      expect(holderIsGone({ host, pid: alive.pid })).toBe(false);
    } finally {
      alive.kill();
      await alive.exited;
    }
    expect(holderIsGone({ host: `${host}-elsewhere`, pid: dead.pid })).toBe(false);
    // This very process: another gateway in it (tests, embedders) is alive by definition.
    expect(holderIsGone({ host, pid: process.pid })).toBe(false);
  });
});

describe.each(testDialects())('lease fencing in the runtime on %s', (dialect) => {
  let db: TestDatabase;
  const servers: EngineServer[] = [];

  afterEach(async () => {
    vi.restoreAllMocks();
    for (const s of servers.splice(0)) await s.app.close().catch(() => undefined);
    await db.cleanup();
  });

  const boot = async (...args: Parameters<typeof engineServer> extends [unknown, ...infer R] ? R : never) => {
    const server = await engineServer(db, ...args);
    servers.push(server);
    return server;
  };

  it('a runtime whose lease another node took does not send: the fence is checked before each send', async () => {
    db = testDatabase(dialect);
    const capture = captureEngine({ ackSends: true });
    // Renewals far apart: the takeover happens between two of them.
    const s = await boot([capture.engine], { sessions: { leaseTtlMs: 60_000, renewIntervalMs: 60_000 } });
    const { body: session } = await s.call('POST', '/v1/sessions', { engine: 'capture' });
    await eventually(async () =>
      (await s.call('GET', `/v1/sessions/${session.id}`)).body.status === 'connected' ? true : undefined,
    );
    // Another node takes the lease (as if this one had been paused past its expiry).
    const storage = s.gateway.storage;
    const far = Date.now() + 10 * 60_000;
    const theirs = await storage.leases.acquire(session.id, 'node-b/1', far, 60_000);
    expect(theirs).toBeDefined();
    let refusals = 0;
    const fence = LeasesRepo.prototype.fence;
    vi.spyOn(LeasesRepo.prototype, 'fence').mockImplementation(async function (this: LeasesRepo, lease) {
      const held = await fence.call(this, lease);
      if (!held && lease.sessionId === session.id) refusals++;
      return held;
    });

    const accepted = await s.call('POST', `/v1/sessions/${session.id}/messages`, {
      type: 'text',
      to: '+14155550000',
      text: 'only from the owner',
    });
    expect(accepted.status).toBe(202);
    // The sender picks the job up, and its fenced write-ahead mark is refused, pass after pass.
    await eventually(async () => (refusals >= 2 ? true : undefined));
    expect(capture.sent).toEqual([]);
    const [job] = await storage.jobs.listForSession('message.send', session.id);
    expect(job?.handedAt).toBeNull();
    expect((await s.call('GET', `/v1/messages/${accepted.body.id}`)).body.status).toBe('queued');
  });

  it('a server without the session’s engine leaves the session alone (not failed, no lease)', async () => {
    db = testDatabase(dialect);
    const key = randomBytes(32).toString('base64');
    const withEngine = await boot([captureEngine().engine], { masterKey: key, start: false });
    const { body: session } = await withEngine.call('POST', '/v1/sessions', {
      engine: 'capture',
      start: false,
    });
    await withEngine.gateway.storage.sessions.update(session.id, { desiredState: 'running' }, Date.now());
    await withEngine.app.close();

    const without = await boot([], { masterKey: key, key: withEngine.key, start: false });
    await without.gateway.manager.ensureRunning(session.id);
    const after = await without.gateway.storage.sessions.getById(session.id);
    expect(after).toMatchObject({ status: 'stopped', desiredState: 'running', statusReason: null });
    expect(without.gateway.manager.localSessionIds).toEqual([]);
    const lease = await without.gateway.storage.leases.acquire(session.id, 'probe/1', Date.now(), 1000);
    expect(lease?.epoch).toBe(1); // nobody had taken it
  });
});

// Several servers share one database only on Postgres (see failover.test.ts).
const postgres = testDialects().includes('postgres');

describe.skipIf(!postgres)('two servers with one node id on postgres', () => {
  let db: TestDatabase;
  const servers: EngineServer[] = [];

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.app.close().catch(() => undefined);
    await db.cleanup();
  });

  it('do not both run a session (a node id from a shared data dir or WAGW_NODE_ID)', async () => {
    db = testDatabase('postgres');
    const config = { masterKey: randomBytes(32).toString('base64'), nodeId: 'shared-node' };
    const a = await engineServer(db, [captureEngine().engine], config);
    servers.push(a);
    const b = await engineServer(db, [captureEngine().engine], { ...config, key: a.key });
    servers.push(b);
    expect(a.gateway.nodeId).toBe(b.gateway.nodeId);

    const { body: session } = await a.call('POST', '/v1/sessions', { engine: 'capture' });
    await eventually(async () => (a.gateway.manager.localSessionIds.includes(session.id) ? true : undefined));
    await b.gateway.manager.ensureRunning(session.id);
    expect(b.gateway.manager.localSessionIds).toEqual([]);
    expect(a.gateway.manager.localSessionIds).toEqual([session.id]);
  });
});
