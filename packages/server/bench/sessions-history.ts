import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateHistory } from '@wagw/wa-sim';
import { type Api, until } from './sessions-api.js';
import { type MemorySample, sampleMemory } from './sessions-memory.js';
import type { Settings } from './sessions-options.js';
import { accountPhone, type Pairing, pairOne } from './sessions-pairing.js';
import type { SimHandle } from './sessions-sim.js';

/** One session of the realistic-state phase: its pairing, then its history sync. */
export interface HistoryPairing extends Pairing {
  /** History sync notifications the phone sent (bootstrap chunks + push names). */
  notifications?: number;
  /** Simulator clock: first notification built → last `hist_sync` receipt from the device. */
  receiptedMs?: number;
  /**
   * Connected (as the API showed it) → the session's state store held the LID mapping of the
   * history's last contact, which only the last notification (PUSH_NAME) carries: Baileys downloaded
   * and processed every chunk.
   */
  processedMs?: number;
  /** Whether the server's contacts table got that mapping too (from `messaging-history.set`). */
  inContactsTable?: boolean;
  /** Create → history processed. */
  readyMs?: number;
}

export interface HistoryPhase {
  pairings: HistoryPairing[];
  wallMs: number;
  /** RSS right after the last history was processed, before any GC. */
  rssBeforeGc: number;
  /** After `idleMs` and a full GC (when available). */
  sample: MemorySample;
}

/** What the phase reads from the server's storage: the contacts table and the engine state. */
export interface StateLookup {
  contacts: { phoneForLid(sessionId: string, lid: string): Promise<string | undefined> };
  engineState: { get(sessionId: string, type: string, ids: readonly string[]): Promise<Map<string, string>> };
}

/**
 * The realistic-state phase: pairs `historySessions` more sessions (indices from `offset`), each to an
 * account whose phone holds `settings.history` and sends it by history sync as the device links;
 * waits until the simulator has every notification's receipt and the server has processed the last
 * one, then samples memory after `idleMs`.
 */
export async function historyPhase(
  api: Api,
  sim: SimHandle,
  storage: StateLookup,
  settings: Settings,
  offset: number,
  total: number,
): Promise<HistoryPhase> {
  const history = settings.history;
  if (!history) throw new Error('no BENCH_HISTORY');
  const last = generateHistory(history).contacts.at(-1);
  const startedAt = performance.now();
  const out: HistoryPairing[] = [];
  let next = offset;
  let failures = 0;
  const worker = async () => {
    while (next < offset + settings.historySessions && failures < 3) {
      const index = next++;
      const phone = accountPhone(index);
      await sim.createAccount(phone, history);
      const t0 = performance.now();
      const p: HistoryPairing = await pairOne(api, sim, index, settings);
      const connectedAt = performance.now();
      try {
        if (p.error || !p.sessionId) throw new Error(p.error ?? 'no session');
        const sessionId = p.sessionId;
        const progress = await until(
          `${sessionId} history receipts`,
          async () => {
            const h = await sim.history(phone);
            if (h?.error) throw new Error(`history sync failed: ${h.error}`);
            return h?.receivedAt ? h : undefined;
          },
          settings.historyTimeoutMs,
          settings.pollMs,
        );
        p.notifications = progress.notifications;
        p.receiptedMs = (progress.receivedAt ?? 0) - progress.startedAt;
        if (last) {
          await until(
            `${sessionId} history processed`,
            async () => {
              const stored = await storage.engineState.get(sessionId, 'key:lid-mapping', [
                `${last.lid}_reverse`,
              ]);
              return stored.size > 0 ? true : undefined;
            },
            settings.historyTimeoutMs,
            settings.pollMs,
          );
        }
        p.processedMs = performance.now() - connectedAt;
        p.readyMs = performance.now() - t0;
      } catch (error) {
        p.error ??= error instanceof Error ? error.message : String(error);
      }
      out.push(p);
      if (p.error) {
        failures += 1;
        console.error(`history session ${index} (${phone}) failed: ${p.error}`);
      }
      const done = out.length;
      if (done % Math.max(1, Math.round(settings.historySessions / 5)) === 0) {
        const s = ((performance.now() - startedAt) / 1000).toFixed(1);
        console.log(`  ${done}/${settings.historySessions} connected with history processed (${s} s)`);
      }
    }
  };
  const workers = Math.min(settings.historyConcurrency, settings.historySessions);
  await Promise.all(Array.from({ length: workers }, worker));
  const wallMs = performance.now() - startedAt;
  for (const p of out) {
    if (p.sessionId && last && !p.error) {
      p.inContactsTable = (await storage.contacts.phoneForLid(p.sessionId, `${last.lid}@lid`)) !== undefined;
    }
  }
  const rssBeforeGc = process.memoryUsage().rss;
  await sleep(settings.idleMs);
  const sample = await sampleMemory('history', total, sim);
  return { pairings: out.sort((a, b) => a.index - b.index), wallMs, rssBeforeGc, sample };
}
