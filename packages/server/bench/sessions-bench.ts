/**
 * `pnpm bench:sessions`: many real Baileys sessions in one wagw server, against the local WhatsApp
 * simulator (wa-sim). Connects N sessions through the HTTP API (create, wait for scan_qr, read the
 * QR, let the simulated phone scan it, wait for connected), measures the wall time and per-session
 * pairing times, the resident memory per idle connected session; then pairs more sessions whose
 * accounts hold a realistic history (contacts, chats, past messages) that the simulated phone sends by
 * history sync, and measures their connect and history times and memory; then the text and image send
 * throughput of one session to an auto-reading contact (accept → read). Prints tables, writes
 * bench/results/sessions-bench.json.
 *
 * The server is the built package (dist) on SQLite in a temp data dir. By default the simulator runs
 * in the same process, so its memory (the other end of every connection: per-account Signal keys,
 * uploaded pre-keys, sockets) is part of the RSS measured; BENCH_SIM=child runs it in a child
 * process instead and reports the two processes separately.
 *
 * Env: BENCH_SESSIONS (100), BENCH_PAIR_CONCURRENCY (10), BENCH_MESSAGES (300),
 * BENCH_SEND_CONCURRENCY (20), BENCH_IDLE_MS idle time before measuring memory (5000),
 * BENCH_WARM_SESSIONS sessions connected before the "warm" memory sample (min(10, N/2)),
 * BENCH_RECEIPT_DELAY_MS the contact's delay between delivered and read (0),
 * BENCH_CONNECT_TIMEOUT_MS per session (120000), BENCH_MESSAGE_TIMEOUT_MS (120000),
 * BENCH_POLL_MS API polling interval (50), BENCH_SIM in-process | child (in-process),
 * BENCH_IMAGE_MESSAGES images sent after the texts (100; 0 for none),
 * BENCH_HISTORY contacts,chats,messages of each realistic-state account (1000,50,10000; 0 for none),
 * BENCH_HISTORY_SESSIONS such sessions, paired after the others (20), BENCH_HISTORY_CONCURRENCY (5),
 * BENCH_HISTORY_SEED (1), BENCH_HISTORY_TIMEOUT_MS per session (180000), BENCH_LOG_LEVEL the
 * server's log level, to stderr (silent).
 * Exit code: 0 with PASS or FAIL (a report); 1 if a session did not connect or a message was not read.
 *
 * The pieces: sessions-options (env), sessions-api (HTTP client), sessions-pairing (phase 1),
 * sessions-memory (phase 2), sessions-history (2b: accounts with history, delivered by history sync),
 * sessions-throughput (phase 3), sessions-image (phase 4: images), sessions-media (the simulator's media
 * host, trusted by this process), sessions-phase and sessions-stats
 * (CPU, event loop, distributions), sessions-report (console and JSON), sessions-sim (simulator).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type * as WagwServerModule from '../src/index.js';
import { apiClient } from './sessions-api.js';
import { type HistoryPhase, historyPhase } from './sessions-history.js';
import { type ImageRun, imageRun } from './sessions-image.js';
import { routeMediaToSim } from './sessions-media.js';
import { type MemorySample, sampleMemory } from './sessions-memory.js';
import { readSettings } from './sessions-options.js';
import { connectedPairings, type Pairing, type PairingContext, pairRange } from './sessions-pairing.js';
import { combinePhases, type PhaseStats, phaseMonitor, startProfiler } from './sessions-phase.js';
import { loadAverage, mb, printHeader, report } from './sessions-report.js';
import { startChildSim, startInProcessSim } from './sessions-sim.js';
import { CONTACT_PHONE, type SendResult, sendRun } from './sessions-throughput.js';

// The built package (what users run), loaded by URL so that type-checking bench/ needs no build.
const DIST_ENTRY = new URL('../dist/index.js', import.meta.url).href;

async function main(): Promise<number> {
  const loadAverageAtStart = Number(loadAverage());
  const settings = readSettings();
  printHeader(settings);

  const { createServer }: typeof WagwServerModule = await import(DIST_ENTRY);
  const sim = settings.sim === 'child' ? await startChildSim() : await startInProcessSim();
  const dataDir = mkdtempSync(join(tmpdir(), 'wagw-sessions-bench-'));
  let closeApp: () => Promise<void> = async () => undefined;
  const pairings: Pairing[] = [];
  const samples: MemorySample[] = [];
  const phases: Record<string, PhaseStats> = {};
  let send: SendResult | undefined;
  let sendError: string | undefined;
  let connectWallMs = 0;
  let stillConnected = 0;
  let shutdownMs = 0;
  let history: HistoryPhase | undefined;
  let historyError: string | undefined;
  let image: ImageRun | undefined;
  let imageError: string | undefined;
  try {
    // History sync blobs come from "mmg.whatsapp.net" and images go up to the media host: both are
    // the simulator's, trusted by this process (the engine built from config takes no media agent).
    await routeMediaToSim(sim);
    const { app, gateway } = await createServer({
      dataDir,
      waUrl: sim.url,
      baileys: { rootPublicKey: sim.rootPublicKeyHex },
      // What the gateway can carry, not the pace a careful account would keep (docs/pacing.md).
      sessions: { pacing: { perMinute: null, newChatsPerHour: null } },
      logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }, pino.destination(2)),
    });
    closeApp = () => app.close();
    const { apiKey } = await gateway.tenants.initAdmin();
    if (!apiKey) throw new Error('initAdmin did not create an admin key on a fresh database');
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const storage = gateway.storage;
    const api = apiClient(base, apiKey);
    // One request through the whole stack before the baseline, so it is not a cold server.
    await api('GET', '/v1/sessions');
    samples.push(await sampleMemory('baseline', 0, sim));
    console.log(`baseline: rss ${mb(samples[0]!.rss)} MB, heap ${mb(samples[0]!.heapUsed)} MB`);

    // Phase 1: connect, in two steps so the memory of the first sessions (one-time costs) shows.
    console.log(`connecting ${settings.sessions} sessions…`);
    const pairing: PairingContext = { api, sim, settings, pairings, startedAt: performance.now() };
    const warmPhase = phaseMonitor();
    await pairRange(pairing, 0, settings.warmSessions);
    const warmStats = warmPhase();
    if (settings.warmSessions > 0 && !pairings.some((p) => p?.error)) {
      await sleep(Math.min(settings.idleMs, 2000));
      samples.push(await sampleMemory('warm', settings.warmSessions, sim));
    } else {
      samples.push({ ...samples[0]!, label: 'warm' });
    }
    const restPhase = phaseMonitor();
    if (!pairings.some((p) => p?.error)) {
      await pairRange(pairing, settings.warmSessions, settings.sessions);
    }
    phases.connect = combinePhases(warmStats, restPhase());
    connectWallMs = phases.connect.wallMs;
    const connected = connectedPairings(pairings);

    // Phase 2: idle, then memory.
    if (connected.length === settings.sessions) {
      const idle = phaseMonitor();
      await sleep(settings.idleMs);
      phases.idle = idle();
      for (const p of connected) {
        const s = await api('GET', `/v1/sessions/${p.sessionId}`);
        if (s.body?.status === 'connected') stillConnected += 1;
      }
      samples.push(await sampleMemory('all', settings.sessions, sim));

      // Phase 2b: more sessions, whose accounts hold a realistic history, sent by history sync.
      if (settings.history && settings.historySessions > 0) {
        console.log(
          `connecting ${settings.historySessions} sessions with history (${settings.history.contacts} contacts, ` +
            `${settings.history.chats} chats, ${settings.history.messages} messages each)…`,
        );
        const historyStats = phaseMonitor();
        try {
          history = await historyPhase(
            api,
            sim,
            storage,
            settings,
            settings.sessions,
            settings.sessions + settings.historySessions,
          );
        } catch (error) {
          historyError = error instanceof Error ? error.message : String(error);
        }
        phases.history = historyStats();
      }

      // Phase 3: throughput of one session.
      if (settings.messages > 0) {
        console.log(`sending ${settings.messages} messages from session 0 to +${CONTACT_PHONE}…`);
        const profiler = process.env.BENCH_PROFILE_SEND ? await startProfiler() : undefined;
        const sendPhase = phaseMonitor();
        try {
          send = await sendRun(api, sim, connected[0]!.sessionId!, settings);
        } catch (error) {
          sendError = error instanceof Error ? error.message : String(error);
        }
        phases.send = sendPhase();
        if (profiler) console.log(`CPU profile of the send phase: ${await profiler()}`);
      }

      // Phase 4: image throughput of the same session.
      if (settings.imageMessages > 0) {
        console.log(`sending ${settings.imageMessages} images from session 0 to +${CONTACT_PHONE}…`);
        const imagePhase = phaseMonitor();
        try {
          image = await imageRun(api, { base, apiKey }, sim, connected[0]!.sessionId!, settings);
        } catch (error) {
          imageError = error instanceof Error ? error.message : String(error);
        }
        phases.image = imagePhase();
      }
    }
  } finally {
    const t0 = performance.now();
    await closeApp().catch((error: unknown) => console.error('closing the server failed:', error));
    shutdownMs = Math.round(performance.now() - t0);
    await sim.close().catch((error: unknown) => console.error('closing the simulator failed:', error));
    rmSync(dataDir, { recursive: true, force: true });
  }

  return report({
    settings,
    loadAverageAtStart,
    pairings,
    samples,
    phases,
    send,
    sendError,
    connectWallMs,
    stillConnected,
    shutdownMs,
    history,
    historyError,
    image,
    imageError,
  });
}

// Baileys leaves timers behind (a 30 s pre-key upload timeout per socket): exit explicitly.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
