import type { HistoryOptions } from '@wagw/wa-sim';
import { envInt } from './env.js';
import type { SimMode } from './sessions-sim.js';

/** The sessions bench's settings, from the environment (see sessions-bench.ts for the variables). */
export interface Settings {
  sessions: number;
  pairConcurrency: number;
  warmSessions: number;
  messages: number;
  sendConcurrency: number;
  idleMs: number;
  receiptDelayMs: number;
  connectTimeoutMs: number;
  messageTimeoutMs: number;
  pollMs: number;
  sim: SimMode;
  /** The realistic-state phase: what each of its accounts holds (undefined: no such phase). */
  history: HistoryOptions | undefined;
  /** Sessions paired to accounts with `history`, after the plain ones. */
  historySessions: number;
  historyConcurrency: number;
  historyTimeoutMs: number;
  /** Image messages of the image throughput phase (0: none). */
  imageMessages: number;
}

/** `BENCH_HISTORY=contacts,chats,messages` (default 1000,50,10000); `0` or `off` for none. */
function readHistory(): HistoryOptions | undefined {
  const raw = process.env.BENCH_HISTORY ?? '1000,50,10000';
  if (raw === '0' || raw === 'off') return undefined;
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error('BENCH_HISTORY must be contacts,chats,messages (e.g. 1000,50,10000), or 0');
  }
  const [contacts, chats, messages] = parts as [number, number, number];
  if (chats > contacts || (messages > 0 && chats === 0)) {
    throw new Error('BENCH_HISTORY: chats must be <= contacts, and messages need a chat');
  }
  return { contacts, chats, messages, seed: envInt('BENCH_HISTORY_SEED', 1, 0) };
}

/** Reads and validates the BENCH_* variables; throws on an invalid one. */
export function readSettings(): Settings {
  const sessions = envInt('BENCH_SESSIONS', 100, 1);
  const history = readHistory();
  const simMode = process.env.BENCH_SIM === 'child' ? 'child' : 'in-process';
  if (process.env.BENCH_SIM && !['child', 'in-process'].includes(process.env.BENCH_SIM)) {
    throw new Error('BENCH_SIM must be in-process or child');
  }
  return {
    sessions,
    pairConcurrency: envInt('BENCH_PAIR_CONCURRENCY', 10, 1),
    warmSessions: Math.min(
      sessions - 1,
      envInt('BENCH_WARM_SESSIONS', Math.min(10, Math.floor(sessions / 2)), 0),
    ),
    messages: envInt('BENCH_MESSAGES', 300, 0),
    sendConcurrency: envInt('BENCH_SEND_CONCURRENCY', 20, 1),
    idleMs: envInt('BENCH_IDLE_MS', 5000, 0),
    receiptDelayMs: envInt('BENCH_RECEIPT_DELAY_MS', 0, 0),
    connectTimeoutMs: envInt('BENCH_CONNECT_TIMEOUT_MS', 120_000, 1000),
    messageTimeoutMs: envInt('BENCH_MESSAGE_TIMEOUT_MS', 120_000, 1000),
    pollMs: envInt('BENCH_POLL_MS', 50, 1),
    sim: simMode,
    history,
    historySessions: history ? envInt('BENCH_HISTORY_SESSIONS', 20, 0) : 0,
    historyConcurrency: envInt('BENCH_HISTORY_CONCURRENCY', 5, 1),
    historyTimeoutMs: envInt('BENCH_HISTORY_TIMEOUT_MS', 180_000, 1000),
    imageMessages: envInt('BENCH_IMAGE_MESSAGES', 100, 0),
  };
}
