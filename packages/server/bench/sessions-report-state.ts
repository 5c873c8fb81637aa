import type { HistoryPhase } from './sessions-history.js';
import type { ImageRun } from './sessions-image.js';
import { GC, type MemorySample } from './sessions-memory.js';
import type { Settings } from './sessions-options.js';
import { type Distribution, distribution } from './sessions-stats.js';
import type { SendResult } from './sessions-throughput.js';
import { formatTable } from './table.js';

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);
const cells = (d: Distribution) => [d.p50, d.p90, d.max].map((v) => String(Math.round(v)));

/** The realistic-state phase's figures, for the console and the JSON report. */
export function historySummary(
  settings: Settings,
  phase: HistoryPhase,
  before: MemorySample,
  targetMb: number,
) {
  const done = phase.pairings.filter((p) => !p.error && p.processedMs !== undefined);
  const n = settings.historySessions;
  const allDone = done.length === n && n > 0;
  const perSession = (after: number) => (allDone ? (after - before.rss) / n / MB : undefined);
  const rssPerSessionMb = perSession(phase.sample.rss);
  const simPerSessionMb =
    allDone && before.sim && phase.sample.sim ? (phase.sample.sim.rss - before.sim.rss) / n / MB : undefined;
  return {
    history: settings.history,
    sessions: n,
    processed: done.length,
    failed: phase.pairings.filter((p) => p.error).map((p) => ({ index: p.index, error: p.error })),
    wallMs: Math.round(phase.wallMs),
    notifications: done[0]?.notifications,
    /** Sessions whose contacts table got the history's LID mappings (see docs/benchmarks.md). */
    inContactsTable: done.filter((p) => p.inContactsTable).length,
    ms: {
      connect: distribution(done.map((p) => p.totalMs ?? 0)),
      receipted: distribution(done.map((p) => p.receiptedMs ?? 0)),
      processed: distribution(done.map((p) => p.processedMs ?? 0)),
      ready: distribution(done.map((p) => p.readyMs ?? 0)),
    },
    rssBeforeGcPerSessionMb: perSession(phase.rssBeforeGc),
    rssPerSessionMb,
    simulatorRssPerSessionMb: simPerSessionMb,
    sample: phase.sample,
    pass: rssPerSessionMb !== undefined && rssPerSessionMb <= targetMb,
    ok: allDone,
  };
}

export type HistorySummary = ReturnType<typeof historySummary>;

export function printHistory(s: HistorySummary, settings: Settings, targetMb: number): void {
  const h = s.history;
  console.log(
    `\nrealistic state: ${s.processed}/${s.sessions} sessions whose accounts hold ${h?.contacts} contacts, ` +
      `${h?.chats} chats, ${h?.messages} past messages (history sync: ${s.notifications ?? '?'} notifications), ` +
      `${settings.historyConcurrency} at a time, in ${(s.wallMs / 1000).toFixed(1)} s`,
  );
  if (s.processed > 0) {
    console.log(
      formatTable(
        ['history sessions, ms', 'p50', 'p90', 'max'],
        [
          ['create → connected', ...cells(s.ms.connect)],
          ['history sent → all receipted (sim)', ...cells(s.ms.receipted)],
          ['connected → history processed (server)', ...cells(s.ms.processed)],
          ['create → history processed', ...cells(s.ms.ready)],
        ],
      ),
    );
  }
  if (s.processed > 0) {
    console.log(
      `  the server's contacts table got the history's LID mappings in ${s.inContactsTable}/${s.processed} sessions ` +
        '(Baileys drops lidPnMappings from a buffered messaging-history.set; its own LID store has them all)',
    );
  }
  if (s.rssPerSessionMb !== undefined) {
    console.log(
      `RSS per session with history, after ${settings.idleMs / 1000} s idle and GC (${GC.kind}): ` +
        `${s.rssPerSessionMb.toFixed(2)} MB (right after the sync, before GC: ${s.rssBeforeGcPerSessionMb?.toFixed(2)} MB; ` +
        `rss ${mb(s.sample.rss)} MB, heap ${mb(s.sample.heapUsed)} MB) → target ≤ ${targetMb} MB: ${s.pass ? 'PASS' : 'FAIL'}`,
    );
    if (s.simulatorRssPerSessionMb !== undefined) {
      console.log(
        `  simulator (separate process): ${s.simulatorRssPerSessionMb.toFixed(2)} MB RSS per history session, not included`,
      );
    } else if (settings.sim === 'in-process') {
      console.log(
        "  note: the in-process simulator's share is included (per device: the phone's Signal session, the " +
          'history blobs kept on its media host); BENCH_SIM=child excludes it',
      );
    }
  }
  for (const f of s.failed.slice(0, 5)) console.error(`  history session ${f.index} failed: ${f.error}`);
}

export function printImage(run: ImageRun | undefined, error: string | undefined, settings: Settings): void {
  if (error) {
    console.error(`\nimage throughput run failed: ${error}`);
    return;
  }
  if (!run) return;
  if (!run.supported) {
    console.log(`\nimage throughput: ${run.reason}`);
    return;
  }
  const send: SendResult = run.send;
  console.log(
    `\nimage throughput: session 0 → auto-read contact, a ${Math.round(run.bytes / 1024)} KB PNG each time ` +
      `(uploaded again to the media host by Baileys), ${settings.sendConcurrency} concurrent POSTs`,
  );
  console.log(
    `  ${send.accepted}/${send.messages} accepted, ${send.read} read, ${send.failed} failed; ` +
      `accepted at ${send.acceptPerSecond} msg/s; all read after ${(send.durationMs / 1000).toFixed(2)} s → ` +
      `${send.readPerSecond} images/s accept → read (p50 ${Math.round(send.acceptToReadMs.p50)} ms, ` +
      `p99 ${Math.round(send.acceptToReadMs.p99)} ms); first image ${send.warmupAcceptToReadMs} ms`,
  );
  for (const f of send.failures.slice(0, 5)) console.error(`  failure: ${f}`);
}
