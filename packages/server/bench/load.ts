import autocannon, { type Options, type Result } from 'autocannon';

export interface LoadTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** autocannon worker threads (0: run the load generator on the main thread, next to the servers). */
  workers: number;
}

export interface RunSummary {
  durationSeconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  latencyMaxMs: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface Measurement {
  target: string;
  url: string;
  warmup: RunSummary;
  run: RunSummary;
}

/** A warm-up run, then the measured run, against one target (never concurrently with another). */
export async function measure(target: LoadTarget, settings: LoadSettings): Promise<Measurement> {
  const options: Options = {
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    connections: settings.connections,
    ...(settings.workers > 0 && { workers: settings.workers }),
  };
  const warmup = await autocannon({ ...options, duration: settings.warmupSeconds });
  const run = await autocannon({ ...options, duration: settings.durationSeconds });
  return { target: target.name, url: target.url, warmup: summarize(warmup), run: summarize(run) };
}

function summarize(result: Result): RunSummary {
  return {
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAvgMs: result.latency.average,
    latencyMaxMs: result.latency.max,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]),
    ),
  };
}
