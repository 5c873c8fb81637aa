/**
 * `pnpm bench:sessions`: many real Baileys sessions in one wagw server, against the local WhatsApp
 * simulator (wa-sim). Connects N sessions through the HTTP API (create, wait for scan_qr, read the
 * QR, let the simulated phone scan it, wait for connected), measures the wall time and per-session
 * pairing times, the resident memory per idle connected session, then the send throughput of one
 * session to an auto-reading contact (accept → read). Prints a table, writes
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
 * BENCH_POLL_MS API polling interval (50), BENCH_SIM in-process | child (in-process).
 * Exit code: 0 with PASS or FAIL (a report); 1 if a session did not connect or a message was not read.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import type * as WagwServerModule from '../src/index.js';
import { type ProcessStats, type SimHandle, startChildSim, startInProcessSim } from './sessions-sim.js';

// The built package (what users run), loaded by URL so that type-checking bench/ needs no build.
const DIST_ENTRY = new URL('../dist/index.js', import.meta.url).href;
const RESULTS_FILE = new URL('./results/sessions-bench.json', import.meta.url);
const TARGET_RSS_PER_SESSION_MB = 10;
const WAHA_RSS_PER_SESSION_MB = 80;
const CONTACT_PHONE = '15559990000';
const MB = 1024 * 1024;

// biome-ignore lint/suspicious/noExplicitAny: the bench reads arbitrary JSON response bodies.
type Body = any;

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

const accountPhone = (i: number) => `1555${String(1_000_000 + i).padStart(7, '0')}`;

// ---------------------------------------------------------------------------------------------
// Measurements

interface MemorySample {
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

type GcKind = 'exposed' | 'v8-flag' | 'none';

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
const GC = findGc();

async function sampleMemory(label: string, sessions: number, sim: SimHandle): Promise<MemorySample> {
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

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

interface Distribution {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    count: sorted.length,
    min: round(sorted[0] ?? Number.NaN),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
  };
}

/** CPU time and event-loop delay of this process over one phase. */
function phaseMonitor() {
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
type PhaseStats = ReturnType<ReturnType<typeof phaseMonitor>>;

/** BENCH_PROFILE_SEND=1: a V8 CPU profile of the send phase (open it in Chrome DevTools). */
async function startProfiler(): Promise<() => Promise<string>> {
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

// ---------------------------------------------------------------------------------------------
// The server and its API

type Api = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: Body }>;

function apiClient(base: string, apiKey: string): Api {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** Polls `check` until it returns a value; throws after `timeoutMs`. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  pollMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** performance.now() when pairing began, for the progress lines. */
let pairingStartedAt = 0;

const ENDED = new Set(['failed', 'logged_out', 'stopped']);

// ---------------------------------------------------------------------------------------------
// Phase 1: connect N sessions

interface Pairing {
  index: number;
  phone: string;
  sessionId?: string;
  /** ms from POST /v1/sessions to the status connected, as the API showed it. */
  totalMs?: number;
  /** ms from POST /v1/sessions until GET /qr answered with a QR. */
  toQrMs?: number;
  /** ms the simulated phone's scan took (until the client accepted the pairing). */
  scanMs?: number;
  /** ms from the end of the scan to connected (515 restart, login, pre-key upload). */
  toConnectedMs?: number;
  error?: string;
}

async function pairOne(api: Api, sim: SimHandle, index: number, settings: Settings): Promise<Pairing> {
  const phone = accountPhone(index);
  const result: Pairing = { index, phone };
  const t0 = performance.now();
  try {
    const created = await api('POST', '/v1/sessions', { engine: 'baileys', name: `bench-${index}` });
    if (created.status !== 201) throw new Error(`POST /v1/sessions answered ${created.status}`);
    const id = String(created.body.id);
    result.sessionId = id;
    const status = (wanted: string) => async () => {
      const s = await api('GET', `/v1/sessions/${id}`);
      if (ENDED.has(s.body?.status) && s.body.status !== wanted) {
        throw new Error(`session ${id} ended: ${s.body.status} (${s.body.status_reason})`);
      }
      return s.body?.status === wanted ? (s.body as Body) : undefined;
    };
    await until(`${id} scan_qr`, status('scan_qr'), settings.connectTimeoutMs, settings.pollMs);
    const qr = await until(
      `${id} QR`,
      async () => {
        const r = await api('GET', `/v1/sessions/${id}/qr`);
        return r.status === 200 ? String(r.body.qr) : undefined;
      },
      settings.connectTimeoutMs,
      settings.pollMs,
    );
    const t1 = performance.now();
    result.toQrMs = t1 - t0;
    await sim.scanQr(qr, phone);
    const t2 = performance.now();
    result.scanMs = t2 - t1;
    const connected = await until(
      `${id} connected`,
      status('connected'),
      settings.connectTimeoutMs,
      settings.pollMs,
    );
    if (connected.phone !== `+${phone}`)
      throw new Error(`${id} connected as ${connected.phone}, not +${phone}`);
    const t3 = performance.now();
    result.toConnectedMs = t3 - t2;
    result.totalMs = t3 - t0;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

/** Pairs sessions [from, to) with at most `concurrency` at a time; stops starting new ones after 3 failures. */
async function pairRange(
  api: Api,
  sim: SimHandle,
  from: number,
  to: number,
  settings: Settings,
  out: Pairing[],
): Promise<void> {
  let next = from;
  let failures = out.filter((p) => p.error).length;
  const worker = async () => {
    while (next < to && failures < 3) {
      const index = next++;
      const pairing = await pairOne(api, sim, index, settings);
      out[index] = pairing;
      if (pairing.error) {
        failures += 1;
        console.error(`session ${index} (${pairing.phone}) failed: ${pairing.error}`);
      }
      const done = out.filter(Boolean).length;
      if (done % Math.max(1, Math.round(settings.sessions / 10)) === 0 || done === settings.sessions) {
        const elapsed = ((performance.now() - pairingStartedAt) / 1000).toFixed(1);
        console.log(`  ${done}/${settings.sessions} connected (${elapsed} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.pairConcurrency, to - from) }, worker));
}

// ---------------------------------------------------------------------------------------------
// Phase 3: throughput of one session

interface SendResult {
  messages: number;
  accepted: number;
  read: number;
  /** Refused POSTs and message.failed events. */
  failed: number;
  /** Messages not read by the end (refused, failed or timed out). */
  notRead: number;
  failures: string[];
  relayedBySimulator: number;
  /** First message to the contact (pre-key bundle fetch, new Signal session), sent alone before the run. */
  warmupAcceptToReadMs: number;
  acceptPerSecond: number;
  readPerSecond: number;
  /** ms from the first POST to the last message read. */
  durationMs: number;
  /** Server timestamps: created_at → read_at of each message. */
  acceptToReadMs: Distribution;
  /** Client side: duration of each POST /messages (202). */
  postMs: Distribution;
}

async function drainEvents(
  api: Api,
  after: string | undefined,
  onEvent: (e: Body) => void,
): Promise<string | undefined> {
  let cursor = after;
  for (;;) {
    const page = await api(
      'GET',
      `/v1/events?limit=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (page.status !== 200) throw new Error(`GET /v1/events answered ${page.status}`);
    for (const event of page.body.data as Body[]) {
      onEvent(event);
      cursor = String(event.id);
    }
    if (!page.body.has_more) return cursor;
  }
}

async function sendRun(api: Api, sim: SimHandle, sessionId: string, settings: Settings): Promise<SendResult> {
  await sim.addAutoReadContact(CONTACT_PHONE, settings.receiptDelayMs);
  const to = `+${CONTACT_PHONE}`;
  const send = (text: string) =>
    api('POST', `/v1/sessions/${sessionId}/messages`, { type: 'text', to, text });

  // Warm-up: the first message to the contact establishes the Signal session.
  let cursor = await drainEvents(api, undefined, () => undefined);
  const warm = await send('warm-up');
  if (warm.status !== 202)
    throw new Error(`warm-up send answered ${warm.status}: ${JSON.stringify(warm.body)}`);
  const warmRead = await until(
    'the warm-up message to be read',
    async () => {
      const m = await api('GET', `/v1/messages/${warm.body.id}`);
      if (m.body?.status === 'failed')
        throw new Error(`warm-up message failed: ${JSON.stringify(m.body.error)}`);
      return m.body?.status === 'read' ? (m.body as Body) : undefined;
    },
    settings.messageTimeoutMs,
    settings.pollMs,
  );
  const warmupAcceptToReadMs = Date.parse(warmRead.read_at) - Date.parse(warmRead.created_at);
  cursor = await drainEvents(api, cursor, () => undefined);

  // Events are recorded whatever their message, since one may be read before its POST has answered.
  const ids = new Set<string>();
  const reads = new Map<string, { readAt: number; createdAt: number }>();
  const failedEvents = new Map<string, string>();
  const resolved = new Set<string>();
  const refused: string[] = [];
  const postMs: number[] = [];
  const settle = (id: string) => {
    if (ids.has(id) && (reads.has(id) || failedEvents.has(id))) resolved.add(id);
  };
  let lastAcceptAt = 0;
  let sending = true;
  const startedAt = Date.now();

  const onEvent = (e: Body) => {
    const id = e.data?.id as string | undefined;
    if (!id) return;
    if (e.type === 'message.read' && !reads.has(id)) {
      reads.set(id, { readAt: Date.parse(e.data.read_at), createdAt: Date.parse(e.data.created_at) });
    } else if (e.type === 'message.failed') {
      failedEvents.set(id, JSON.stringify(e.data.error));
    }
    settle(id);
  };
  const poller = (async () => {
    const deadline = startedAt + settings.messageTimeoutMs;
    while (sending || resolved.size < ids.size) {
      cursor = await drainEvents(api, cursor, onEvent);
      if (Date.now() > deadline) break;
      await sleep(settings.pollMs);
    }
  })();

  let next = 0;
  const sender = async () => {
    while (next < settings.messages) {
      const n = next++;
      const t0 = performance.now();
      const r = await send(`bench message ${n}`).catch((error: unknown) => ({
        status: 0,
        body: String(error),
      }));
      if (r.status === 202) {
        postMs.push(performance.now() - t0);
        const id = String(r.body.id);
        ids.add(id);
        settle(id);
        lastAcceptAt = Date.now();
      } else {
        refused.push(`POST ${n} answered ${r.status}: ${JSON.stringify(r.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.sendConcurrency, settings.messages) }, sender));
  sending = false;
  await poller;

  const mine = [...ids].flatMap((id) => {
    const read = reads.get(id);
    return read ? [read] : [];
  });
  const failures = [
    ...refused,
    ...[...ids].flatMap((id) => {
      const error = failedEvents.get(id);
      return error ? [`${id}: ${error}`] : [];
    }),
  ];
  const lastReadAt = mine.reduce((max, r) => Math.max(max, r.readAt), 0);
  const latencies = mine.map((r) => r.readAt - r.createdAt);
  const durationMs = (lastReadAt || Date.now()) - startedAt;
  return {
    messages: settings.messages,
    accepted: ids.size,
    read: mine.length,
    failed: failures.length,
    notRead: settings.messages - mine.length,
    failures: failures.slice(0, 20),
    relayedBySimulator: await sim.relayedTo(CONTACT_PHONE),
    warmupAcceptToReadMs,
    acceptPerSecond: Math.round((ids.size / Math.max(1, lastAcceptAt - startedAt)) * 1000 * 10) / 10,
    readPerSecond: Math.round((mine.length / Math.max(1, durationMs)) * 1000 * 10) / 10,
    durationMs,
    acceptToReadMs: distribution(latencies),
    postMs: distribution(postMs),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

interface Settings {
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
  sim: 'in-process' | 'child';
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 1-minute load average: other processes competing for the CPUs make every timing here slower. */
const loadAverage = () => (loadavg()[0] ?? 0).toFixed(2);
const mb = (bytes: number) => (bytes / MB).toFixed(1);
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
  return table(
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

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const loadAverageAtStart = Number(loadAverage());
  const sessions = envInt('BENCH_SESSIONS', 100, 1);
  const simMode = process.env.BENCH_SIM === 'child' ? 'child' : 'in-process';
  if (process.env.BENCH_SIM && !['child', 'in-process'].includes(process.env.BENCH_SIM)) {
    throw new Error('BENCH_SIM must be in-process or child');
  }
  const settings: Settings = {
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
  console.log(
    `wagw sessions bench: ${settings.sessions} baileys sessions (pairing ${settings.pairConcurrency} at a time), ` +
      `${settings.messages} messages (${settings.sendConcurrency} concurrent POSTs), simulator ${settings.sim}, ` +
      `node ${process.version}, ${cpus().length} CPU(s), ${Math.round(totalmem() / MB / 1024)} GB RAM, gc: ${GC.kind}, ` +
      `load average ${loadAverage()}`,
  );

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
  try {
    const { app, gateway } = await createServer({
      dataDir,
      waUrl: sim.url,
      baileys: { rootPublicKey: sim.rootPublicKeyHex },
      logger: pino({ level: 'silent' }),
    });
    closeApp = () => app.close();
    const { apiKey } = await gateway.tenants.initAdmin();
    if (!apiKey) throw new Error('initAdmin did not create an admin key on a fresh database');
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const api = apiClient(base, apiKey);
    // One request through the whole stack before the baseline, so it is not a cold server.
    await api('GET', '/v1/sessions');
    samples.push(await sampleMemory('baseline', 0, sim));
    console.log(`baseline: rss ${mb(samples[0]!.rss)} MB, heap ${mb(samples[0]!.heapUsed)} MB`);

    // Phase 1: connect, in two steps so the memory of the first sessions (one-time costs) shows.
    console.log(`connecting ${settings.sessions} sessions…`);
    pairingStartedAt = performance.now();
    const warmPhase = phaseMonitor();
    await pairRange(api, sim, 0, settings.warmSessions, settings, pairings);
    const warmStats = warmPhase();
    if (settings.warmSessions > 0 && !pairings.some((p) => p?.error)) {
      await sleep(Math.min(settings.idleMs, 2000));
      samples.push(await sampleMemory('warm', settings.warmSessions, sim));
    } else {
      samples.push({ ...samples[0]!, label: 'warm' });
    }
    const restPhase = phaseMonitor();
    if (!pairings.some((p) => p?.error)) {
      await pairRange(api, sim, settings.warmSessions, settings.sessions, settings, pairings);
    }
    const restStats = restPhase();
    connectWallMs = warmStats.wallMs + restStats.wallMs;
    phases.connect = {
      wallMs: connectWallMs,
      cpuMs: warmStats.cpuMs + restStats.cpuMs,
      eventLoopDelayMs: {
        p50: Math.max(warmStats.eventLoopDelayMs.p50, restStats.eventLoopDelayMs.p50),
        p99: Math.max(warmStats.eventLoopDelayMs.p99, restStats.eventLoopDelayMs.p99),
        max: Math.max(warmStats.eventLoopDelayMs.max, restStats.eventLoopDelayMs.max),
      },
    };
    const connected = pairings.filter((p) => p && !p.error && p.totalMs !== undefined);

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
    }
  } finally {
    const t0 = performance.now();
    await closeApp().catch((error: unknown) => console.error('closing the server failed:', error));
    shutdownMs = Math.round(performance.now() - t0);
    await sim.close().catch((error: unknown) => console.error('closing the simulator failed:', error));
    rmSync(dataDir, { recursive: true, force: true });
  }

  // ---- report
  const connected = pairings.filter((p) => p && !p.error && p.totalMs !== undefined);
  const failed = pairings.filter((p) => p?.error);
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
    `\n${table(
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
      `\n${table(
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
  console.log(
    `\nshutdown (app.close with ${connected.length} sessions): ${shutdownMs} ms; load average now ${loadAverage()}`,
  );

  const sendOk = settings.messages === 0 || (send !== undefined && send.read === settings.messages);
  const ok = allConnected && sendOk && stillConnected === settings.sessions;
  mkdirSync(new URL('.', RESULTS_FILE), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    totalMemoryMb: Math.round(totalmem() / MB),
    gc: GC.kind,
    loadAverageAtStart,
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
    shutdownMs,
    pass,
    ok,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${fileURLToPath(RESULTS_FILE)}`);
  if (!allConnected)
    console.error(`ERROR: ${settings.sessions - connected.length} session(s) did not connect`);
  else if (stillConnected !== settings.sessions) {
    console.error(
      `ERROR: only ${stillConnected}/${settings.sessions} sessions were still connected after idling`,
    );
  }
  if (!sendOk) console.error('ERROR: not every message was read');
  return ok ? 0 : 1;
}

// Baileys leaves timers behind (a 30 s pre-key upload timeout per socket): exit explicitly.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
