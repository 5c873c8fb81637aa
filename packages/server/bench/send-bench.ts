/**
 * `pnpm bench` (first half): POST /v1/sessions/{id}/messages against a minimal durable route, in
 * one run, one target at a time:
 *   reference     fastify + the same body schema + one group-committed better-sqlite3 transaction
 *                 inserting a message row and a job row (WAL, synchronous=FULL): bench/reference-server.ts
 *   accept only   the real server (SQLite), session stopped: messages are accepted and queue up
 *   accept + send the real server, a connected sandbox session sending what it accepts meanwhile
 *   bare          fastify validating the same body and answering 202 (no storage), for scale
 * Targets: accept only >= 0.75 x reference, accept + send >= 0.5 x reference while the session
 * sends what it accepts (at most 5% of the accepted messages still queued when the load stops),
 * p99 <= 25 ms in both.
 * Prints a table and the verdicts, writes bench/results/send-bench.json.
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
import { startReferenceServer } from './reference-server.js';
import { formatTable } from './table.js';
import { startWagwServer } from './wagw-server.js';

const BODY = JSON.stringify({ type: 'text', to: '+14155550000', text: 'hello' });
const TARGETS = {
  acceptOnly: { minRatio: 0.75, maxP99Ms: 25 },
  acceptAndSend: { minRatio: 0.5, maxP99Ms: 25, maxBacklogShare: 0.05 },
  atConnections: 50,
};
const RESULTS_FILE = new URL('./results/send-bench.json', import.meta.url);

interface Verdict {
  name: string;
  ratio: number;
  p99Ms: number;
  minRatio: number;
  maxP99Ms: number;
  pass: boolean;
}

function verdict(
  name: string,
  m: Measurement,
  ref: Measurement,
  target: { minRatio: number; maxP99Ms: number },
) {
  const ratio = ref.run.requestsPerSecond > 0 ? m.run.requestsPerSecond / ref.run.requestsPerSecond : 0;
  const p99Ms = m.run.latencyP99Ms;
  return { name, ratio, p99Ms, ...target, pass: ratio >= target.minRatio && p99Ms <= target.maxP99Ms };
}

function table(rows: Measurement[], ref: Measurement): string {
  const head = ['target', 'req/s (avg)', 'x reference', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors'];
  const body = rows.map((m) => [
    m.target,
    m.run.requestsPerSecond.toFixed(0),
    (m.run.requestsPerSecond / ref.run.requestsPerSecond).toFixed(2),
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

  // One server at a time, each closed before the next starts, so nothing else competes for the
  // event loop during a measurement.
  const reference = await startReferenceServer();
  const ref = await measure(
    { name: 'reference (durable minimal route)', url: reference.url, headers: {}, body: BODY },
    settings,
  ).finally(() => reference.close());

  const stopped = await startWagwServer({ session: 'stopped' });
  const acceptOnly = await measure(
    { name: 'accept only (session stopped)', url: stopped.sendUrl, headers: stopped.authHeaders, body: BODY },
    settings,
  ).finally(() => stopped.close());

  const connected = await startWagwServer({ session: 'connected' });
  let backlogAtEnd = 0;
  const acceptAndSend = await measure(
    {
      name: 'accept + send (session connected)',
      url: connected.sendUrl,
      headers: connected.authHeaders,
      body: BODY,
    },
    settings,
  ).finally(async () => {
    backlogAtEnd = await connected.backlog().catch(() => -1);
    await connected.close();
  });

  const bare = await startBareServer();
  const base = await measure(
    { name: 'bare fastify (no storage)', url: bare.url, headers: {}, body: BODY },
    settings,
  ).finally(() => bare.close());

  const measurements = [ref, acceptOnly, acceptAndSend, base];
  const acceptedWhileSending = acceptAndSend.warmup.ok2xx + acceptAndSend.run.ok2xx;
  const backlogShare = acceptedWhileSending > 0 ? backlogAtEnd / acceptedWhileSending : 1;
  const sending = verdict('accept + send', acceptAndSend, ref, TARGETS.acceptAndSend);
  const keptUp = backlogShare <= TARGETS.acceptAndSend.maxBacklogShare;
  const verdicts: Verdict[] = [
    verdict('accept only', acceptOnly, ref, TARGETS.acceptOnly),
    { ...sending, pass: sending.pass && keptUp },
  ];
  const failedRequests = measurements.reduce(
    (n, m) => n + m.warmup.non2xx + m.warmup.errors + m.run.non2xx + m.run.errors,
    0,
  );
  console.log(`\n${table(measurements, ref)}\n`);
  console.log(
    `accept + send: ${acceptedWhileSending} accepted, ${backlogAtEnd} still queued when the load stopped ` +
      `(${acceptedWhileSending > 0 ? (((acceptedWhileSending - backlogAtEnd) / acceptedWhileSending) * 100).toFixed(1) : '0'}% handed to the engine during the run)`,
  );
  for (const v of verdicts) {
    const sendsAll =
      v === verdicts[1]
        ? `, while sending what it accepts (${(backlogShare * 100).toFixed(1)}% still queued at the end; at most ${TARGETS.acceptAndSend.maxBacklogShare * 100}%)`
        : '';
    console.log(
      `${v.pass ? 'PASS' : 'FAIL'}: ${v.name} >= ${v.minRatio} x reference (got ${v.ratio.toFixed(3)}) and p99 <= ${v.maxP99Ms} ms (got ${v.p99Ms} ms)${sendsAll}` +
        (settings.connections === TARGETS.atConnections
          ? ''
          : ` (this run used ${settings.connections} connections)`),
    );
  }
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
    targets: TARGETS,
    results: measurements,
    verdicts,
    acceptedWhileSending,
    backlogAtEnd,
    backlogShare,
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
