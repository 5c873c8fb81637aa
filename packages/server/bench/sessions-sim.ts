import { type ChildProcess, fork } from 'node:child_process';
import { type HistoryOptions, type HistorySyncProgress, startSimulator } from '@wagw/wa-sim';

/** What the sessions bench needs from the WhatsApp simulator, wherever it runs. */
export interface SimHandle {
  readonly mode: SimMode;
  /** WebSocket URL for the server's `waUrl`. */
  readonly url: string;
  /** Hex of the simulator's certificate root, for the server's `baileys.rootPublicKey`. */
  readonly rootPublicKeyHex: string;
  /** The simulator's HTTPS media host and the certificate to trust. */
  readonly media: { hostname: string; ca: string } | undefined;
  /** Base URL of its control API (a first `fetch` there creates Node's global dispatcher). */
  readonly controlUrl: string;
  /** Creates the account of `phone` holding `history`, sent by history sync to the device linked next. */
  createAccount(phone: string, history: HistoryOptions): Promise<void>;
  /** How far the history sync to the account's (first) device got. */
  history(phone: string): Promise<HistorySyncProgress | undefined>;
  /** The simulated phone of `phone` scans a QR. */
  scanQr(qr: string, phone: string): Promise<void>;
  /** An external contact that reads every message it gets (delivered, then read). */
  addAutoReadContact(phone: string, receiptDelayMs: number): Promise<void>;
  /** How many messages the simulator relayed to `phone`. */
  relayedTo(phone: string): Promise<number>;
  /** The simulator process' own memory and CPU after a full GC (child mode only; in-process: undefined). */
  stats(): Promise<ProcessStats | undefined>;
  close(): Promise<void>;
}

export type SimMode = 'in-process' | 'child';

export interface ProcessStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** CPU time used so far (user + system), ms. */
  cpuMs: number;
}

/** One request to the child simulator over IPC. */
export type SimRequest =
  | { id: number; op: 'scan'; qr: string; phone: string }
  | { id: number; op: 'contact'; phone: string; receiptDelayMs: number }
  | { id: number; op: 'relayed'; phone: string }
  | { id: number; op: 'account'; phone: string; history: HistoryOptions }
  | { id: number; op: 'history'; phone: string }
  | { id: number; op: 'stats' }
  | { id: number; op: 'close' };

export type SimReply =
  | {
      type: 'ready';
      url: string;
      rootPublicKeyHex: string;
      controlUrl: string;
      media: { hostname: string; ca: string } | undefined;
    }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

/** The simulator in this process (what `pnpm bench:sessions` measures by default). */
export async function startInProcessSim(): Promise<SimHandle> {
  const sim = await startSimulator();
  return {
    mode: 'in-process',
    url: sim.url,
    rootPublicKeyHex: sim.rootPublicKey.toString('hex'),
    media: sim.media,
    controlUrl: sim.controlUrl,
    scanQr: async (qr, phone) => {
      await sim.scanQr(qr, { phone });
    },
    createAccount: async (phone, history) => {
      sim.createAccount({ phone, history });
    },
    history: async (phone) => sim.devices(phone)[0]?.history,
    addAutoReadContact: async (phone, receiptDelayMs) => {
      sim.addContact({ phone, behaviour: 'auto-read', receiptDelayMs });
    },
    relayedTo: async (phone) => sim.messages().filter((m) => m.to === phone).length,
    stats: async () => undefined,
    close: () => sim.close(),
  };
}

const CHILD_ENTRY = new URL('./sessions-sim-child.ts', import.meta.url);

/**
 * The simulator in a child process driven over IPC, so that the bench process holds wagw alone and
 * the simulator's own memory can be read separately (`BENCH_SIM=child`).
 */
export async function startChildSim(): Promise<SimHandle> {
  const child: ChildProcess = fork(CHILD_ENTRY, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const ready = new Promise<Extract<SimReply, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (raw) => {
      const msg = raw as SimReply;
      if (msg.type === 'ready') {
        resolve(msg);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`simulator: ${msg.error}`));
    });
    child.once('exit', (code, signal) => {
      exited = true;
      const error = new Error(`the simulator process exited (code ${code}, signal ${signal})`);
      reject(error);
      failAll(error);
    });
    child.once('error', reject);
  });
  const call = <T>(request: Omit<SimRequest, 'id'> & Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) {
        reject(new Error('the simulator process has exited'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...request, id });
    });
  const { url, rootPublicKeyHex, media, controlUrl } = await ready;
  return {
    mode: 'child',
    url,
    rootPublicKeyHex,
    media,
    controlUrl,
    scanQr: async (qr, phone) => {
      await call({ op: 'scan', qr, phone });
    },
    createAccount: async (phone, history) => {
      await call({ op: 'account', phone, history });
    },
    history: async (phone) => (await call<HistorySyncProgress | null>({ op: 'history', phone })) ?? undefined,
    addAutoReadContact: async (phone, receiptDelayMs) => {
      await call({ op: 'contact', phone, receiptDelayMs });
    },
    relayedTo: (phone) => call<number>({ op: 'relayed', phone }),
    stats: () => call<ProcessStats>({ op: 'stats' }),
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call({ op: 'close' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
