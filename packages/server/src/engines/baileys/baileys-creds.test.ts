import { type Simulator, startSimulator } from '@wagw/wa-sim';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type WagwServer } from '../../create-server.js';
import { EngineStateRepo } from '../../storage/repositories/engine-state-repo.js';
import { type TestDatabase, testDatabase } from '../../testing/dialects.js';
import { eventually } from '../../testing/test-server.js';
import { UNPACED } from '../../testing/unpaced.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type Body = any;

const LONG = 30_000;

/**
 * The real Baileys client against wa-sim, with the creds write failing: a session must never keep
 * running on keys that will not survive a restart. SQLite only: the engine is under test.
 */
describe('baileys creds that cannot be saved', () => {
  let sim: Simulator;
  let db: TestDatabase;
  let server: WagwServer;
  let key: string;
  let failures = 0;

  const request = async (method: 'GET' | 'POST', url: string, body?: object): Promise<Body> => {
    const res = await server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body && { payload: body }),
    });
    return { ...res.json(), http: res.statusCode };
  };
  const waitStatus = (id: string, status: string) =>
    eventually(async () => {
      const s = await request('GET', `/v1/sessions/${id}`);
      return s.status === status ? s : undefined;
    }, LONG);

  /** Creds writes fail `times` times (every time, for Infinity) from now on. */
  const failCredsWrites = (times: number) => {
    let left = times;
    const put = EngineStateRepo.prototype.put;
    vi.spyOn(EngineStateRepo.prototype, 'put').mockImplementation(function (this: EngineStateRepo, ...args) {
      if (args[1] === 'creds' && left > 0) {
        left--;
        failures++;
        return Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
      }
      return put.apply(this, args);
    });
  };

  /** A new Baileys session, scanned by the simulated phone once its QR is up. */
  const pairWhile = async (phone: string, fault: () => void) => {
    const created = await request('POST', '/v1/sessions', { engine: 'baileys' });
    const qr = await eventually(async () => {
      const r = await request('GET', `/v1/sessions/${created.id}/qr`);
      return r.http === 200 ? r : undefined;
    }, LONG);
    fault();
    await sim.scanQr(qr.qr, { phone });
    return created.id as string;
  };

  beforeAll(async () => {
    sim = await startSimulator();
    db = testDatabase('sqlite');
    server = await createServer({
      ...db.config,
      waUrl: sim.url,
      baileys: { backoffBaseMs: 200, backoffMaxMs: 1000, rootPublicKey: sim.rootPublicKey.toString('hex') },
      sessions: { leaseTtlMs: 5000, renewIntervalMs: 1000, pacing: UNPACED },
      logger: pino({ level: 'silent' }),
    });
    key = (await server.gateway.tenants.initAdmin()).apiKey!;
  }, LONG);

  afterEach(() => {
    vi.restoreAllMocks();
    failures = 0;
  });

  afterAll(async () => {
    await server?.app.close().catch(() => undefined);
    await sim?.close();
    await db?.cleanup();
  }, LONG);

  it(
    'a save that keeps failing stops the session: failed, reason creds_not_saved, socket closed',
    async () => {
      const id = await pairWhile('15550300001', () => failCredsWrites(Number.POSITIVE_INFINITY));
      const failed = await waitStatus(id, 'failed');
      expect(failed.status_reason).toBe('creds_not_saved');
      expect(failures).toBeGreaterThanOrEqual(5); // retried before giving up
      await eventually(async () =>
        sim.devices('15550300001').every((d) => !d.connected) ? true : undefined,
      );
      expect(server.gateway.manager.localSessionIds).not.toContain(id);
      expect((await server.gateway.storage.sessions.getById(id))?.desiredState).toBe('stopped');
    },
    LONG * 2,
  );

  it(
    'a save that fails for a moment is retried: the session stays connected with its creds stored',
    async () => {
      const id = await pairWhile('15550300002', () => failCredsWrites(2));
      await waitStatus(id, 'connected');
      await eventually(async () =>
        (await server.gateway.storage.engineState.list(id, 'creds')).size === 1 ? true : undefined,
      );
      expect(failures).toBe(2);
      // The stored creds are the paired ones: a restart resumes without a QR.
      await server.app.close();
      server = await createServer({
        ...db.config,
        waUrl: sim.url,
        baileys: { backoffBaseMs: 200, backoffMaxMs: 1000, rootPublicKey: sim.rootPublicKey.toString('hex') },
        sessions: { leaseTtlMs: 5000, renewIntervalMs: 1000, pacing: UNPACED },
        logger: pino({ level: 'silent' }),
      });
      const back = await waitStatus(id, 'connected');
      expect(back.phone).toBe('+15550300002');
    },
    LONG * 2,
  );
});
