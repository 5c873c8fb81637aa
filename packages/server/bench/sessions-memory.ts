import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ProcessStats, SimHandle } from './sessions-sim.js';

export interface MemorySample {
  label: string;
  sessions: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** The child simulator's own memory, when it runs in its own process. */
  sim?: ProcessStats | undefined;
}

export type GcKind = 'exposed' | 'v8-flag' | 'none';

/** `global.gc` when node runs with --expose-gc, else the same function obtained by setting the flag now. */
function findGc(): { gc: (() => void) | undefined; kind: GcKind } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return { gc: exposed, kind: 'exposed' };
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return { gc: gc as () => void, kind: 'v8-flag' };
  } catch {}
  return { gc: undefined, kind: 'none' };
}
export const GC = findGc();

/** This process' memory after a full GC (when available), with the child simulator's own. */
export async function sampleMemory(label: string, sessions: number, sim: SimHandle): Promise<MemorySample> {
  for (let i = 0; i < 3 && GC.gc; i++) {
    GC.gc();
    await sleep(100);
  }
  const m = process.memoryUsage();
  return {
    label,
    sessions,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    sim: await sim.stats(),
  };
}
