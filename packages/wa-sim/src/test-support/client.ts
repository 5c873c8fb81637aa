import type { Agent } from 'node:https';
import makeWASocket, {
  type AuthenticationCreds,
  Browsers,
  initAuthCreds,
  type proto,
  type SignalKeyStore,
  type WAMessageKey,
  type WASocket,
} from '@whiskeysockets/baileys';
import { pino } from 'pino';
import type { Simulator } from '../simulator.js';
import { makeMemoryKeyStore } from '../state/memory-keys.js';

/** An in-memory auth state that survives socket restarts (like a saved session). */
export interface MemoryAuth {
  creds: AuthenticationCreds;
  keys: SignalKeyStore;
}

export const makeMemoryAuth = (): MemoryAuth => ({ creds: initAuthCreds(), keys: makeMemoryKeyStore() });

type Recorded = { name: string; data: unknown };

/** Records a socket's events from creation on, so a test can wait for one that already happened. */
export class Recorder {
  readonly events: Recorded[] = [];
  private waiters: Array<{ name: string; match: (d: unknown) => boolean; resolve: (d: unknown) => void }> =
    [];

  push(name: string, data: unknown): void {
    this.events.push({ name, data });
    for (const w of [...this.waiters]) {
      if (w.name === name && w.match(data)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(data);
      }
    }
  }

  /** Resolves with the first event (past or future) named `name` that matches. */
  waitFor<T>(name: string, match: (d: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
    const seen = this.events.find((e) => e.name === name && match(e.data as T));
    if (seen) return Promise.resolve(seen.data as T);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        name,
        match: (d: unknown) => match(d as T),
        resolve: (d: unknown) => {
          clearTimeout(timer);
          resolve(d as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${name}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

export interface TestClient {
  sock: WASocket;
  rec: Recorder;
  auth: MemoryAuth;
}

const RECORDED = [
  'connection.update',
  'messages.upsert',
  'messages.update',
  'messages.reaction',
  'creds.update',
  'groups.upsert',
  'groups.update',
  'group-participants.update',
  'message-receipt.update',
  'presence.update',
  'contacts.update',
] as const;

/**
 * A real Baileys socket pointed at the simulator, configured never to touch the network.
 * `getMessage` answers retry receipts Baileys' own cache of recent sends cannot; `fetchAgent` is
 * what media uploads go through (one that trusts the simulator's media host: `sim.media.ca`).
 */
export const connectClient = (
  url: string,
  auth: MemoryAuth,
  options: {
    getMessage?: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
    fetchAgent?: Agent;
  } = {},
): TestClient => {
  const sock = makeWASocket({
    ...(options.getMessage && { getMessage: options.getMessage }),
    ...(options.fetchAgent && { fetchAgent: options.fetchAgent }),
    waWebSocketUrl: url,
    auth,
    logger: pino({ level: process.env.WA_SIM_TEST_LOG ?? 'silent' }).child({
      c: Buffer.from(auth.creds.noiseKey.public.subarray(0, 2)).toString('hex'),
    }),
    version: [2, 3000, 1043857760],
    browser: Browsers.macOS('Chrome'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
    connectTimeoutMs: 15_000,
    defaultQueryTimeoutMs: 15_000,
  });
  const rec = new Recorder();
  for (const name of RECORDED) sock.ev.on(name, (data: unknown) => rec.push(name, data));
  sock.ws.on('CB:ack,class:message', (node: unknown) => rec.push('ack', node));
  // Status can arrive in an upsert (a receipt merged into the own-message append) or an update.
  sock.ev.on('messages.upsert', ({ messages }) => {
    for (const m of messages) {
      if (m.status != null)
        rec.push('status', { id: m.key.id, status: m.status, params: m.messageStubParameters });
    }
  });
  sock.ev.on('messages.update', (updates) => {
    for (const u of updates) {
      if (u.update.status != null) {
        rec.push('status', { id: u.key.id, status: u.update.status, params: u.update.messageStubParameters });
      }
    }
  });
  return { sock, rec, auth };
};

export interface ConnectionUpdate {
  connection?: string;
  qr?: string;
  isNewLogin?: boolean;
  lastDisconnect?: { error?: { output?: { statusCode?: number } } };
}

/** A message status change seen by the client (from `messages.upsert` or `messages.update`). */
export interface StatusEvent {
  id: string;
  status: number;
  params?: string[];
}

export const closeCode = (u: ConnectionUpdate): number | undefined =>
  u.lastDisconnect?.error?.output?.statusCode;

export const isOpen = (u: ConnectionUpdate): boolean => u.connection === 'open';
export const isClose = (u: ConnectionUpdate): boolean => u.connection === 'close';

/**
 * QR pairing as a user does it: a first socket shows a QR, the simulated phone scans it, the stream
 * restarts with 515, and a second socket with the same auth opens. `connect` builds (and tracks) sockets.
 */
export const pairByQr = async (
  sim: Pick<Simulator, 'scanQr'>,
  phone: string,
  connect: (auth: MemoryAuth) => TestClient,
): Promise<TestClient> => {
  const auth = makeMemoryAuth();
  const first = connect(auth);
  const { qr } = await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => !!u.qr);
  await sim.scanQr(qr as string, { phone });
  const closed = await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
  if (closeCode(closed) !== 515) throw new Error(`expected a 515 restart, got ${closeCode(closed)}`);
  const second = connect(auth);
  await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
  return second;
};
