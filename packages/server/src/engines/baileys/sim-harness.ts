import { type InboundOptions, type Simulator, startSimulator } from '@wagw/wa-sim';
import { type AuthenticationCreds, generateMessageIDV2 } from '@whiskeysockets/baileys';
import type { MessageBody } from '../../domain/message-body.js';
import { eventually } from '../../testing/test-server.js';
import type { EngineContext, EngineEvent, EngineSession, EngineStateStore } from '../engine.js';
import { deserialize } from './auth-state.js';
import { baileysEngine } from './baileys-engine.js';
import { type TestFiles, testFiles, trustingMedia } from './sim-media.js';

/** Test support: one Baileys engine session paired with a wa-sim account, driven without a gateway. */

const LONG = 30_000;
type Received = Extract<EngineEvent, { type: 'message.received' }>;
type Stored = { to: string; toLid: string | null; body: MessageBody };
type Status = 'sent' | 'delivered' | 'read';

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

export interface SimHarness {
  sim: Simulator;
  /** Everything the engine emitted, in order. */
  events: EngineEvent[];
  /** The WhatsApp ids `lookupMessage` (Baileys' `getMessage`) was asked for. */
  lookups: string[];
  /** The engine's files: fill `outbound` before sending media, read `saved` after receiving it. */
  files: TestFiles;
  /** Warnings the engine logged. */
  warnings: Array<{ obj: object; msg?: string | undefined }>;
  /** The engine's state store. */
  state: EngineStateStore;
  /** The engine session (a new one after `restart`). */
  readonly session: EngineSession;
  /** Sends through the engine to a number (digits), a group or a channel id, as the gateway would; → its id. */
  send(body: MessageBody, to?: string): Promise<string>;
  statuses(waMessageId: string): Status[];
  reaches(waMessageId: string, status: Status): Promise<void>;
  /** The content the recipient's phone decoded, once the simulator has it. */
  logged(waMessageId: string): Promise<unknown>;
  received(waMessageId: string): Promise<Received>;
  receivedCount(waMessageId: string): number;
  /** Injects `content` from the contact and waits for its `message.received` body. */
  inject(content: InboundOptions['content']): Promise<MessageBody>;
  /** Once this text from the contact arrives, everything injected before it has been handled. */
  settle(): Promise<void>;
  /** The device's noise private key, which poll secrets are derived from. */
  noiseKey(): Promise<Uint8Array>;
  /** Stops the session and starts a new one on the same credentials (Baileys' caches are gone). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a simulator, pairs a Baileys session as `account` and adds `contact` (auto-read, 20 ms
 * receipts) to talk to; the engine trusts the simulator's media host and uses `files` as its store.
 */
export async function startSimHarness(account: string, contact: string): Promise<SimHarness> {
  const sim = await startSimulator();
  sim.addContact({ phone: contact, behaviour: 'auto-read', receiptDelayMs: 20 });
  const store = memoryStore();
  const events: EngineEvent[] = [];
  const sent = new Map<string, Stored>();
  const lookups: string[] = [];
  const files = testFiles();
  const warnings: SimHarness['warnings'] = [];
  const ctx: EngineContext = {
    sessionId: 'ses_sim_harness',
    state: store,
    logger: { debug() {}, info() {}, warn: (obj, msg) => warnings.push({ obj, msg }), error() {} },
    options: { autoPair: false },
    emit: (event) => {
      events.push(event);
      return true;
    },
    drained: async () => undefined,
    lookupMessage: async (id) => {
      lookups.push(id);
      return sent.get(id);
    },
    ...files.context,
  };
  const engine = baileysEngine({
    waUrl: sim.url,
    rootPublicKey: sim.rootPublicKey,
    backoff: { baseMs: 200, maxMs: 1000 },
    ...(sim.media && { media: await trustingMedia(sim.media.ca, `${sim.controlUrl}/state`) }),
  });
  const connected = (after: number) =>
    eventually(async () => {
      const status = events
        .slice(after)
        .filter((e) => e.type === 'status')
        .at(-1);
      return status?.status === 'connected' ? true : undefined;
    }, LONG);

  let session: EngineSession = engine.createSession(ctx);
  await session.start();
  const qr = await eventually(async () => events.find((e) => e.type === 'qr'), LONG);
  await sim.scanQr((qr as { qr: string }).qr, { phone: account });
  await connected(0);

  const statuses = (id: string) =>
    events.flatMap((e) => (e.type === 'message.status' && e.waMessageId === id ? [e.status as Status] : []));
  const received = (id: string) =>
    eventually(
      async () => events.find((e): e is Received => e.type === 'message.received' && e.waMessageId === id),
      LONG,
    );
  return {
    sim,
    events,
    lookups,
    files,
    warnings,
    state: store,
    get session() {
      return session;
    },
    async send(body, to = contact) {
      const waMessageId = generateMessageIDV2();
      const address = to.includes('@') ? to : `+${to}`;
      sent.set(waMessageId, { to: address, toLid: null, body });
      await session.send({ waMessageId, to: address, body });
      return waMessageId;
    },
    statuses,
    reaches: async (id, status) => {
      await eventually(async () => (statuses(id).includes(status) ? true : undefined), LONG);
    },
    logged: (id) => eventually(async () => sim.messages().find((m) => m.id === id)?.content, LONG),
    received,
    receivedCount: (id) => events.filter((e) => e.type === 'message.received' && e.waMessageId === id).length,
    inject: async (content) =>
      (await received(sim.injectInbound({ to: account, from: contact, content }).id)).body,
    settle: async () => {
      await received(sim.injectInbound({ to: account, from: contact, text: 'settle' }).id);
    },
    noiseKey: async () => {
      const { main } = await store.get<string>('creds', ['main']);
      return deserialize<AuthenticationCreds>(main!).noiseKey.private;
    },
    async restart() {
      await session.stop();
      const mark = events.length;
      session = engine.createSession(ctx);
      await session.start();
      await connected(mark);
    },
    async close() {
      await session.stop();
      await sim.close();
    },
  };
}
