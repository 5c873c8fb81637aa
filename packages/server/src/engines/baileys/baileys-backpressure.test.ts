import { createRequire } from 'node:module';
import { type Simulator, startSimulator } from '@wagw/wa-sim';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { noMedia } from '../../testing/no-media.js';
import { eventually } from '../../testing/test-server.js';
import type { EngineContext, EngineEvent, EngineSession, EngineStateStore } from '../engine.js';
import { baileysEngine } from './baileys-engine.js';

const LONG = 30_000;

/** The `ws` module Baileys itself uses, to watch its sockets being paused. */
const requireFromBaileys = createRequire(
  createRequire(import.meta.url).resolve('@whiskeysockets/baileys/package.json'),
);
const WebSocket = requireFromBaileys('ws') as { prototype: { pause(): void; resume(): void } };

function memoryStore(): EngineStateStore {
  const rows = new Map<string, unknown>();
  const k = (type: string, id: string) => `${type}\u0000${id}`;
  return {
    async get<T>(type: string, ids: readonly string[]) {
      return Object.fromEntries(ids.map((id) => [id, rows.get(k(type, id)) as T | undefined]));
    },
    async list<T>(type: string) {
      const out: Record<string, T> = {};
      for (const [key, value] of rows) {
        const [t, id] = key.split('\u0000') as [string, string];
        if (t === type) out[id] = value as T;
      }
      return out;
    },
    async set(data) {
      for (const [type, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries)) {
          if (value === null || value === undefined) rows.delete(k(type, id));
          else rows.set(k(type, id), value);
        }
      }
    },
    async clear() {
      rows.clear();
    },
  };
}

/**
 * Back-pressure with the real Baileys client against wa-sim: when the runtime answers `false`
 * (its inbox is full), the engine stops reading the WebSocket until `drained()`, then resumes, and
 * what arrived meanwhile is delivered, in order.
 */
describe('baileys back-pressure', () => {
  let sim: Simulator;
  let session: EngineSession;
  const events: EngineEvent[] = [];
  let full = false;
  let drain: (() => void) | undefined;
  let drainRequests = 0;
  const phone = '15550500001';

  beforeAll(async () => {
    sim = await startSimulator();
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const ctx: EngineContext = {
      sessionId: 'ses_backpressure',
      state: memoryStore(),
      logger: silent,
      options: { autoPair: false },
      emit: (event) => {
        events.push(event);
        return !full;
      },
      drained: () => {
        drainRequests++;
        if (!full) return Promise.resolve();
        return new Promise<void>((resolve) => {
          drain = () => {
            full = false;
            resolve();
          };
        });
      },
      lookupMessage: async () => undefined,
      ...noMedia,
    };
    session = baileysEngine({
      waUrl: sim.url,
      rootPublicKey: sim.rootPublicKey,
      backoff: { baseMs: 200, maxMs: 1000 },
    }).createSession(ctx);
    await session.start();
    const qr = await eventually(async () => events.find((e) => e.type === 'qr'), LONG);
    await sim.scanQr((qr as { qr: string }).qr, { phone });
    await eventually(
      async () => (sim.devices(phone).some((d) => d.connected) && isConnected() ? true : undefined),
      LONG,
    );
  }, LONG * 2);

  afterAll(async () => {
    vi.restoreAllMocks();
    await session?.stop();
    await sim?.close();
  });

  const isConnected = () => events.filter((e) => e.type === 'status').at(-1)?.status === 'connected';
  const received = () =>
    events.flatMap((e) => (e.type === 'message.received' && e.body.type === 'text' ? [e.body.text] : []));

  it(
    'pauses the socket while the inbox is full and resumes it once drained, losing nothing',
    async () => {
      const pause = vi.spyOn(WebSocket.prototype, 'pause');
      const resume = vi.spyOn(WebSocket.prototype, 'resume');
      full = true;
      sim.injectInbound({ to: phone, from: '15550500009', text: 'one' });
      await eventually(async () => (received().includes('one') ? true : undefined), LONG);
      // The inbox said "full": the socket is paused and the engine waits for the drain.
      await eventually(async () => (pause.mock.calls.length === 1 && drain ? true : undefined));
      expect(drainRequests).toBeGreaterThanOrEqual(1);
      expect(resume).not.toHaveBeenCalled();

      sim.injectInbound({ to: phone, from: '15550500009', text: 'two' });
      sim.injectInbound({ to: phone, from: '15550500009', text: 'three' });
      drain!();
      await eventually(async () => (received().includes('three') ? true : undefined), LONG);
      expect(resume).toHaveBeenCalledTimes(1);
      expect(received()).toEqual(['one', 'two', 'three']);
    },
    LONG * 2,
  );
});
