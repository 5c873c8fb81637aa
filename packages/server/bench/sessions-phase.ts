import { mkdirSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface PhaseStats {
  wallMs: number;
  cpuMs: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

/** CPU time and event-loop delay of this process over one phase: call the result at its end. */
export function phaseMonitor(): () => PhaseStats {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    histogram.disable();
    const cpu = process.cpuUsage(cpu0);
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    return {
      wallMs: Math.round(performance.now() - t0),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      eventLoopDelayMs: {
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
      },
    };
  };
}

/** Two consecutive phases as one: times added, event-loop delays the worse of the two. */
export function combinePhases(a: PhaseStats, b: PhaseStats): PhaseStats {
  return {
    wallMs: a.wallMs + b.wallMs,
    cpuMs: a.cpuMs + b.cpuMs,
    eventLoopDelayMs: {
      p50: Math.max(a.eventLoopDelayMs.p50, b.eventLoopDelayMs.p50),
      p99: Math.max(a.eventLoopDelayMs.p99, b.eventLoopDelayMs.p99),
      max: Math.max(a.eventLoopDelayMs.max, b.eventLoopDelayMs.max),
    },
  };
}

/** BENCH_PROFILE_SEND=1: a V8 CPU profile of the send phase (open it in Chrome DevTools). */
export async function startProfiler(): Promise<() => Promise<string>> {
  const session = new InspectorSession();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = new URL('./results/sessions-send.cpuprofile', import.meta.url);
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    return fileURLToPath(file);
  };
}
