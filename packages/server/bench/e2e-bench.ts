/**
 * `pnpm bench` (second half): end-to-end sandbox throughput of one server process. A connected
 * sandbox session with a webhook endpoint for every event; N texts are accepted over HTTP as fast
 * as 50 connections allow; the run ends when the receiver (a separate process) has the
 * `message.read` webhook of every one. Throughput = N / (first request → last such webhook).
 * Target: >= 1,000 messages/s. Writes bench/results/e2e-bench.json.
 *
 * Env: BENCH_E2E_MESSAGES (10000), BENCH_CONNECTIONS (50), BENCH_WORKERS (1), BENCH_E2E_STEP_MS
 * sandbox delay between sent → delivered → read (20), BENCH_E2E_TIMEOUT seconds (300),
 * BENCH_WEBHOOK_CONCURRENCY / BENCH_WEBHOOK_PER_ENDPOINT (default: the server's defaults).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { envInt } from './env.js';
import { formatTable } from './table.js';
import { startWagwServer } from './wagw-server.js';
import type { ReceiverTally } from './webhook-receiver-child.js';

const TARGET_MSGS_PER_S = 1000;
const RESULTS_FILE = new URL('./results/e2e-bench.json', import.meta.url);
const BODY = JSON.stringify({ type: 'text', to: '+14155550000', text: 'hello' });

function startReceiver(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL('./webhook-receiver-child.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: { port: number }) =>
      resolve({ child, url: `http://127.0.0.1:${m.port}/hook` }),
    );
  });
}

function tally(child: ChildProcess): Promise<ReceiverTally> {
  return new Promise((resolve) => {
    child.once('message', (m: { tally: ReceiverTally }) => resolve(m.tally));
    child.send({ op: 'tally' });
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

async function main(): Promise<number> {
  const messages = envInt('BENCH_E2E_MESSAGES', 10_000, 1);
  const connections = envInt('BENCH_CONNECTIONS', 50, 1);
  const workers = envInt('BENCH_WORKERS', 1, 0);
  const stepMs = envInt('BENCH_E2E_STEP_MS', 20, 0);
  const timeoutMs = envInt('BENCH_E2E_TIMEOUT', 300, 1) * 1000;
  console.log(
    `wagw e2e bench: ${messages} texts over ${connections} connections, sandbox step ${stepMs} ms, ` +
      `webhooks for every event to a receiver process, node ${process.version}, ${cpus().length} CPU(s)`,
  );

  const receiver = await startReceiver();
  const webhooks = {
    ...(process.env.BENCH_WEBHOOK_CONCURRENCY && { concurrency: envInt('BENCH_WEBHOOK_CONCURRENCY', 1, 1) }),
    ...(process.env.BENCH_WEBHOOK_PER_ENDPOINT && {
      perEndpointConcurrency: envInt('BENCH_WEBHOOK_PER_ENDPOINT', 1, 1),
    }),
  };
  const server = await startWagwServer({
    session: 'connected',
    sandboxStepMs: stepMs,
    webhookUrl: receiver.url,
    webhooks,
  });
  let code = 0;
  try {
    const started = Date.now();
    const load = await autocannon({
      url: server.sendUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...server.authHeaders },
      body: BODY,
      connections,
      amount: messages,
      ...(workers > 0 && { workers }),
    });
    const acceptedAt = Date.now();
    const accepted = load['2xx'];
    let last: ReceiverTally = await tally(receiver.child);
    while ((last.byType['message.read'] ?? 0) < accepted && Date.now() - started < timeoutMs) {
      await new Promise((r) => setTimeout(r, 200));
      last = await tally(receiver.child);
    }
    const read = last.byType['message.read'] ?? 0;
    const done = read >= accepted;
    const elapsedS = ((done ? last.lastAt : Date.now()) - started) / 1000;
    const throughput = read / elapsedS;
    const latencies = [...last.readLatenciesMs].sort((a, b) => a - b);
    const pass = done && throughput >= TARGET_MSGS_PER_S && load.non2xx === 0 && load.errors === 0;

    console.log(
      `\n${formatTable(
        ['figure', 'value'],
        [
          ['accepted (202)', `${accepted} of ${messages} (${load.non2xx} non-2xx, ${load.errors} errors)`],
          [
            'accepting took',
            `${((acceptedAt - started) / 1000).toFixed(2)} s (${(accepted / ((acceptedAt - started) / 1000)).toFixed(0)} req/s)`,
          ],
          [
            'message.read webhooks received',
            `${read}${done ? '' : ` (timed out after ${timeoutMs / 1000} s)`}`,
          ],
          [
            'all webhooks received',
            Object.entries(last.byType)
              .map(([t, n]) => `${t} ${n}`)
              .join(', '),
          ],
          ['accepted → read webhook, end to end', `${elapsedS.toFixed(2)} s`],
          ['end-to-end throughput', `${throughput.toFixed(0)} messages/s`],
          [
            'accept → read webhook latency p50 / p99',
            `${percentile(latencies, 50)} / ${percentile(latencies, 99)} ms`,
          ],
        ],
      )}\n`,
    );
    console.log(
      `${pass ? 'PASS' : 'FAIL'}: end-to-end sandbox throughput >= ${TARGET_MSGS_PER_S} messages/s per process (got ${throughput.toFixed(0)})`,
    );
    mkdirSync(new URL('.', RESULTS_FILE), { recursive: true });
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          settings: { messages, connections, workers, stepMs },
          accepted,
          read,
          webhooksByType: last.byType,
          elapsedSeconds: elapsedS,
          throughput,
          latencyP50Ms: percentile(latencies, 50),
          latencyP99Ms: percentile(latencies, 99),
          target: TARGET_MSGS_PER_S,
          pass,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${fileURLToPath(RESULTS_FILE)}`);
    if (load.non2xx > 0 || load.errors > 0 || !done) code = 1;
  } finally {
    await server.close();
    receiver.child.send({ op: 'stop' });
  }
  return code;
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
