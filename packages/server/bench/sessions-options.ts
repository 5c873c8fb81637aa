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
}

/** Reads and validates the BENCH_* variables; throws on an invalid one. */
export function readSettings(): Settings {
  const sessions = envInt('BENCH_SESSIONS', 100, 1);
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
  };
}
