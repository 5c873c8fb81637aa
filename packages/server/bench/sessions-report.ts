import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { HistoryPhase } from './sessions-history.js';
import type { ImageRun } from './sessions-image.js';
import { GC, type MemorySample } from './sessions-memory.js';
import type { Settings } from './sessions-options.js';
import { connectedPairings, type Pairing } from './sessions-pairing.js';
import type { PhaseStats } from './sessions-phase.js';
import { historySummary, printHistory, printImage } from './sessions-report-state.js';
import { type Distribution, distribution } from './sessions-stats.js';
import type { SendResult } from './sessions-throughput.js';
import { formatTable } from './table.js';

const RESULTS_FILE = new URL('./results/sessions-bench.json', import.meta.url);
const TARGET_RSS_PER_SESSION_MB = 10;
const WAHA_RSS_PER_SESSION_MB = 80;
export const MB = 1024 * 1024;

/** Everything one run measured, for the report. */
export interface SessionsRun {
  settings: Settings;
  loadAverageAtStart: number;
  /** By session index; holes for sessions never started. */
  pairings: Pairing[];
  /** baseline, warm, all (fewer when the run stopped early). */
  samples: MemorySample[];
  phases: Record<string, PhaseStats>;
  send: SendResult | undefined;
  sendError: string | undefined;
  connectWallMs: number;
  stillConnected: number;
  shutdownMs: number;
  /** The realistic-state phase (sessions with history), when it ran. */
  history?: HistoryPhase | undefined;
  historyError?: string | undefined;
  image?: ImageRun | undefined;
  imageError?: string | undefined;
}

/** 1-minute load average: other processes competing for the CPUs make every timing here slower. */
export const loadAverage = () => (loadavg()[0] ?? 0).toFixed(2);
export const mb = (bytes: number) => (bytes / MB).toFixed(1);
const perSession = (a: number, b: number, n: number) => (n > 0 ? mb((b - a) / n) : '-');
const dist = (d: Distribution) => [d.p50, d.p90, d.p99, d.max].map((v) => String(Math.round(v)));

function memoryTable(samples: MemorySample[], sim: boolean): string {
  const [base, warm, full] = samples;
  if (!base || !warm || !full) return '';
  const n = full.sessions;
  const marginalN = full.sessions - warm.sessions;
  const rows = (['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const).map((k) => [
    `wagw process ${k}`,
    mb(base[k]),
    mb(warm[k]),
    mb(full[k]),
    perSession(base[k], full[k], n),
    perSession(warm[k], full[k], marginalN),
  ]);
  if (sim && base.sim && warm.sim && full.sim) {
    for (const k of ['rss', 'heapUsed'] as const) {
      rows.push([
        `simulator process ${k}`,
        mb(base.sim[k]),
        mb(warm.sim[k]),
        mb(full.sim[k]),
        perSession(base.sim[k], full.sim[k], n),
        perSession(warm.sim[k], full.sim[k], marginalN),
      ]);
    }
  }
  return formatTable(
    [
      'MB',
      'baseline (0)',
      `warm (${warm.sessions})`,
      `all (${n})`,
      `per session (0→${n})`,
      `marginal (${warm.sessions}→${n})`,
    ],
    rows,
  );
}

/** The first line: what runs, on what machine. */
export function printHeader(settings: Settings): void {
  console.log(
    `wagw sessions bench: ${settings.sessions} baileys sessions (pairing ${settings.pairConcurrency} at a time), ` +
      `${settings.messages} messages and ${settings.imageMessages} images (${settings.sendConcurrency} concurrent POSTs), ` +
      (settings.history
        ? `then ${settings.historySessions} sessions with history (${settings.history.contacts} contacts, ${settings.history.chats} chats, ${settings.history.messages} messages), `
        : '') +
      `simulator ${settings.sim}, ` +
      `node ${process.version}, ${cpus().length} CPU(s), ${Math.round(totalmem() / MB / 1024)} GB RAM, gc: ${GC.kind}, ` +
      `load average ${loadAverage()}`,
  );
}

/**
 * Prints the report (connect, pairing times, memory, throughput, shutdown), writes
 * bench/results/sessions-bench.json and returns the exit code: 0 when every session connected and
 * stayed connected and every message was read (PASS or FAIL on memory alike), else 1.
 */
export function report(run: SessionsRun): number {
  const { settings, samples, phases, send, sendError, connectWallMs, stillConnected, shutdownMs } = run;
  const connected = connectedPairings(run.pairings);
  const failed = run.pairings.filter((p) => p?.error);
  const total = distribution(connected.map((p) => p.totalMs!));
  const toQr = distribution(connected.map((p) => p.toQrMs!));
  const scan = distribution(connected.map((p) => p.scanMs!));
  const toConnected = distribution(connected.map((p) => p.toConnectedMs!));
  const allConnected = connected.length === settings.sessions;
  const [baseline, , full] = samples;
  const rssPerSessionMb =
    allConnected && baseline && full ? (full.rss - baseline.rss) / settings.sessions / MB : undefined;
  const simRssPerSessionMb =
    baseline?.sim && full?.sim ? (full.sim.rss - baseline.sim.rss) / settings.sessions / MB : undefined;
  const pass = rssPerSessionMb !== undefined && rssPerSessionMb < TARGET_RSS_PER_SESSION_MB;

  console.log('\nconnect');
  console.log(
    `  ${connected.length}/${settings.sessions} connected in ${(connectWallMs / 1000).toFixed(1)} s ` +
      `(${((connected.length / Math.max(1, connectWallMs)) * 1000).toFixed(2)} sessions/s; the pause for the ` +
      `warm memory sample excluded), ` +
      `${failed.length} failed${failed.length ? `: ${failed[0]?.error}` : ''}`,
  );
  if (phases.connect) {
    console.log(
      `  bench process CPU ${(phases.connect.cpuMs / 1000).toFixed(1)} s ` +
        `(${Math.round(phases.connect.cpuMs / Math.max(1, connected.length))} ms per session` +
        `${settings.sim === 'in-process' ? ', simulator included' : ', simulator excluded'}), event-loop delay ` +
        `p50 ${phases.connect.eventLoopDelayMs.p50} / p99 ${phases.connect.eventLoopDelayMs.p99} / max ${phases.connect.eventLoopDelayMs.max} ms`,
    );
  }
  console.log(
    `\n${formatTable(
      ['pairing, ms', 'p50', 'p90', 'p99', 'max'],
      [
        ['create → QR', ...dist(toQr)],
        ['scan (phone side)', ...dist(scan)],
        ['scan → connected', ...dist(toConnected)],
        ['total (create → connected)', ...dist(total)],
      ],
    )}`,
  );

  if (samples.length >= 3) {
    console.log(
      `\nmemory after ${settings.idleMs / 1000} s idle (gc: ${GC.kind}); ${stillConnected}/${settings.sessions} still connected`,
    );
    console.log(memoryTable(samples, settings.sim === 'child'));
    console.log(
      `RSS per connected session: ${rssPerSessionMb?.toFixed(2)} MB ` +
        `(target < ${TARGET_RSS_PER_SESSION_MB} MB; WAHA publishes ~${WAHA_RSS_PER_SESSION_MB} MB) → ${pass ? 'PASS' : 'FAIL'}`,
    );
    if (settings.sim === 'in-process') {
      console.log(
        '  note: the simulator runs in this process, so its memory (per account: a simulated phone with its own ' +
          'Signal keys, the ~812 pre-keys each client uploads, the server end of each socket) is included; ' +
          'BENCH_SIM=child measures wagw and the simulator separately.',
      );
    } else if (simRssPerSessionMb !== undefined) {
      console.log(
        `  simulator (separate process): ${simRssPerSessionMb.toFixed(2)} MB RSS per session, not included above`,
      );
    }
  }

  if (send) {
    console.log(
      `\nthroughput: session 0 → auto-read contact (receipt delay ${settings.receiptDelayMs} ms), ` +
        `${settings.sendConcurrency} concurrent POSTs`,
    );
    console.log(
      `  ${send.accepted}/${send.messages} accepted, ${send.read} read, ${send.failed} failed, ${send.notRead} not read; ` +
        `simulator relayed ${send.relayedBySimulator} (incl. 1 warm-up)`,
    );
    console.log(
      `  accepted at ${send.acceptPerSecond} msg/s; all read after ${(send.durationMs / 1000).toFixed(2)} s → ` +
        `${send.readPerSecond} msg/s accept → read`,
    );
    console.log(
      `  first message to the contact (new Signal session): ${send.warmupAcceptToReadMs} ms accept → read`,
    );
    console.log(
      `\n${formatTable(
        ['ms', 'p50', 'p90', 'p99', 'max'],
        [
          ['accept → read (server times)', ...dist(send.acceptToReadMs)],
          ['POST /messages (202)', ...dist(send.postMs)],
        ],
      )}`,
    );
    for (const f of send.failures) console.error(`  failure: ${f}`);
  }
  if (sendError) console.error(`\nthroughput run failed: ${sendError}`);
  const history =
    run.history && full ? historySummary(settings, run.history, full, TARGET_RSS_PER_SESSION_MB) : undefined;
  if (history) printHistory(history, settings, TARGET_RSS_PER_SESSION_MB);
  if (run.historyError) console.error(`\nrealistic-state phase failed: ${run.historyError}`);
  printImage(run.image, run.imageError, settings);
  console.log(
    `\nshutdown (app.close with ${connected.length} sessions): ${shutdownMs} ms; load average now ${loadAverage()}`,
  );

  const sendOk = settings.messages === 0 || (send !== undefined && send.read === settings.messages);
  const historyOk = settings.historySessions === 0 || (history?.ok === true && !run.historyError);
  const imageOk =
    settings.imageMessages === 0 ||
    (!run.imageError && (run.image?.supported === false || run.image?.send.read === settings.imageMessages));
  const ok = allConnected && sendOk && stillConnected === settings.sessions && historyOk && imageOk;
  mkdirSync(new URL('.', RESULTS_FILE), { recursive: true });
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    totalMemoryMb: Math.round(totalmem() / MB),
    gc: GC.kind,
    loadAverageAtStart: run.loadAverageAtStart,
    loadAverageAtEnd: Number(loadAverage()),
    settings,
    target: { rssPerSessionMb: TARGET_RSS_PER_SESSION_MB, wahaRssPerSessionMb: WAHA_RSS_PER_SESSION_MB },
    connect: {
      connected: connected.length,
      failed: failed.map((p) => ({ index: p.index, phone: p.phone, sessionId: p.sessionId, error: p.error })),
      wallMs: connectWallMs,
      pairingMs: { total, toQr, scan, toConnected },
      stillConnectedAfterIdle: stillConnected,
    },
    memory: {
      simulatorIncluded: settings.sim === 'in-process',
      samples,
      rssPerSessionMb,
      simulatorRssPerSessionMb: simRssPerSessionMb,
    },
    phases,
    send: send ?? null,
    sendError: sendError ?? null,
    history: history ?? null,
    historyError: run.historyError ?? null,
    image: run.image ?? null,
    imageError: run.imageError ?? null,
    shutdownMs,
    pass,
    ok,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${fileURLToPath(RESULTS_FILE)}`);
  if (!allConnected)
    console.error(`ERROR: ${settings.sessions - connected.length} session(s) did not connect`);
  else if (stillConnected !== settings.sessions) {
    console.error(
      `ERROR: only ${stillConnected}/${settings.sessions} sessions were still connected after idling`,
    );
  }
  if (!sendOk) console.error('ERROR: not every message was read');
  if (!historyOk) console.error('ERROR: not every session with history connected and processed it');
  if (!imageOk) console.error('ERROR: not every image was read');
  return ok ? 0 : 1;
}
