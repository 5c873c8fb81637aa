/**
 * `pnpm bench`: throughput and latency of POST /v1/sessions/{id}/messages (real server, SQLite,
 * connected sandbox session whose sender keeps working through the run) against a bare fastify
 * route that validates the same body. Prints a table, writes bench/results/send-bench.json.
 *
 * Env: BENCH_CONNECTIONS (50), BENCH_DURATION seconds (10), BENCH_WARMUP seconds (2),
 * BENCH_WORKERS autocannon worker threads (1; 0 runs the load generator on the servers' thread).
 * Exit code: 0 with PASS or FAIL (a report); 1 if any request failed (non-2xx or socket error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startBareServer } from './bare-server.js';
import { envInt } from './env.js';
import { type LoadSettings, type Measurement, measure } from './load.js';
import { formatTable } from './table.js';
import { startWagwServer } from './wagw-server.js';

const BODY = JSON.stringify({ type: 'text', to: '+14155550000', text: 'hello' });
const TARGET = { minRatio: 0.5, maxP99Ms: 25, atConnections: 50 };
const RESULTS_FILE = new URL('./results/send-bench.json', import.meta.url);

function table(rows: Measurement[]): string {
  const head = ['target', 'req/s (avg)', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors'];
  const body = rows.map((m) => [
    m.target,
    m.run.requestsPerSecond.toFixed(0),
    String(m.run.latencyP50Ms),
    String(m.run.latencyP99Ms),
    String(m.run.ok2xx),
    String(m.run.non2xx),
    String(m.run.errors),
  ]);
  return formatTable(head, body);
}

async function main(): Promise<number> {
  const settings: LoadSettings = {
    connections: envInt('BENCH_CONNECTIONS', 50, 1),
    durationSeconds: envInt('BENCH_DURATION', 10, 1),
    warmupSeconds: envInt('BENCH_WARMUP', 2, 0),
    workers: envInt('BENCH_WORKERS', 1, 0),
  };
  console.log(
    `wagw send bench: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ` +
      `${settings.durationSeconds} s per target, autocannon workers: ${settings.workers}, ` +
      `node ${process.version}, ${cpus().length} CPU(s)`,
  );

  // One server at a time: the wagw server (and its sender, still busy with the backlog) is closed
  // before the baseline runs, so nothing else competes for the event loop during a measurement.
  const wagw = await startWagwServer();
  const send = await measure(
    { name: 'send (wagw, sqlite)', url: wagw.sendUrl, headers: wagw.authHeaders, body: BODY },
    settings,
  ).finally(() => wagw.close());
  const bare = await startBareServer();
  const base = await measure(
    { name: 'bare fastify', url: bare.url, headers: {}, body: BODY },
    settings,
  ).finally(() => bare.close());
  const measurements = [send, base];

  const ratio = base.run.requestsPerSecond > 0 ? send.run.requestsPerSecond / base.run.requestsPerSecond : 0;
  const pass = ratio >= TARGET.minRatio && send.run.latencyP99Ms < TARGET.maxP99Ms;
  const failedRequests = measurements.reduce(
    (n, m) => n + m.warmup.non2xx + m.warmup.errors + m.run.non2xx + m.run.errors,
    0,
  );
  const accepted = send.warmup.ok2xx + send.run.ok2xx;

  console.log(`\n${table(measurements)}\n`);
  console.log(`send/bare throughput: ${ratio.toFixed(3)}`);
  console.log(
    `messages accepted (202): ${accepted} (${send.run.ok2xx} measured + ${send.warmup.ok2xx} warm-up)`,
  );
  const verdict = `${pass ? 'PASS' : 'FAIL'}: target is send >= ${TARGET.minRatio} x bare throughput (got ${ratio.toFixed(3)}) and send p99 < ${TARGET.maxP99Ms} ms (got ${send.run.latencyP99Ms} ms) at ${TARGET.atConnections} connections`;
  console.log(
    settings.connections === TARGET.atConnections
      ? verdict
      : `${verdict} (this run used ${settings.connections} connections)`,
  );
  if (failedRequests > 0) {
    for (const m of measurements) {
      console.error(
        `${m.target}: status codes ${JSON.stringify({ ...m.warmup.statusCodes, ...m.run.statusCodes })}, errors ${m.warmup.errors + m.run.errors}, timeouts ${m.warmup.timeouts + m.run.timeouts}`,
      );
    }
    console.error(`ERROR: ${failedRequests} request(s) failed (non-2xx or socket errors)`);
  }

  mkdirSync(new URL('.', RESULTS_FILE), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    settings,
    body: JSON.parse(BODY) as unknown,
    target: TARGET,
    results: measurements,
    ratio,
    pass,
    acceptedMessages: accepted,
    failedRequests,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${fileURLToPath(RESULTS_FILE)}`);
  return failedRequests > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
