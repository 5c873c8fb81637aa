import { performance } from 'node:perf_hooks';
import { type Api, type Body, until } from './sessions-api.js';
import type { Settings } from './sessions-options.js';
import type { SimHandle } from './sessions-sim.js';

export interface Pairing {
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

/** What pairing needs, shared by every pairRange call of one run. */
export interface PairingContext {
  api: Api;
  sim: SimHandle;
  settings: Settings;
  /** The results so far, by session index; pairRange fills it in. */
  pairings: Pairing[];
  /** performance.now() when pairing began, for the progress lines. */
  startedAt: number;
  /** Sessions this context pairs in all, for the progress lines (default `settings.sessions`). */
  total?: number;
}

const ENDED = new Set(['failed', 'logged_out', 'stopped']);

export const accountPhone = (i: number) => `1555${String(1_000_000 + i).padStart(7, '0')}`;

/** The pairings that reached connected. */
export const connectedPairings = (pairings: Pairing[]) =>
  pairings.filter((p) => p && !p.error && p.totalMs !== undefined);

/** Pairs session `index` through the API: create, QR, simulated scan, connected. */
export async function pairOne(api: Api, sim: SimHandle, index: number, settings: Settings): Promise<Pairing> {
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

/**
 * Pairs sessions [from, to) through the API (create, QR, simulated scan, connected) with at most
 * `pairConcurrency` at a time; stops starting new ones after 3 failures.
 */
export async function pairRange(ctx: PairingContext, from: number, to: number): Promise<void> {
  const { api, sim, settings, pairings: out } = ctx;
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
      const total = ctx.total ?? settings.sessions;
      if (done % Math.max(1, Math.round(total / 10)) === 0 || done === total) {
        const elapsed = ((performance.now() - ctx.startedAt) / 1000).toFixed(1);
        console.log(`  ${done}/${total} connected (${elapsed} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.pairConcurrency, to - from) }, worker));
}
