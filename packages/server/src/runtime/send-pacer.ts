import type { SessionPacing } from '../domain/pacing-types.js';
import type { Storage } from '../storage/storage.js';

const HOUR_MS = 60 * 60_000;
/** Each gap is the even spacing times 0.7 … 1.3, so sends do not tick like a machine. */
const JITTER = 0.3;

export interface PacerDeps {
  sessionId: string;
  storage: Storage;
  /** The session's pace and hold now. */
  current(): Promise<SessionPacing>;
  /** Lifts a hold whose time has passed (announcing it). */
  lift(at: number): Promise<unknown>;
  random?: () => number;
}

export interface Candidate {
  jobId: number;
  /** The recipient: E.164, or a group id. */
  to: string;
}

export interface Admission {
  /** The jobs that may go now, in order. */
  admitted: Set<number>;
  /** Of those, the recipients the session has no chat with yet (they open one). */
  newChats: Set<string>;
  /** When a job that was kept back may be looked at again; null when none was. */
  retryAt: number | null;
  /** Some job was kept back for being a new chat: the caller should look further down the queue. */
  skippedNewChats: boolean;
}

/**
 * Decides which due messages of a session go out now: at most one per spacing of `perMinute`
 * (with jitter), messages to numbers the session has no chat with only within `newChatsPerHour`
 * of a rolling hour and never while WhatsApp holds new chats. Chats already open are never held
 * back by a new-chat limit: a kept-back message lets the ones after it go.
 */
export class SendPacer {
  #nextAt = 0;
  #perMinute: number | null = null;

  constructor(private readonly deps: PacerDeps) {}

  async admit(candidates: readonly Candidate[], now: number): Promise<Admission> {
    const none: Admission = {
      admitted: new Set(),
      newChats: new Set(),
      retryAt: null,
      skippedNewChats: false,
    };
    if (candidates.length === 0) return none;
    const pacing = await this.deps.current();
    this.#perMinute = pacing.perMinute;
    let hold = pacing.hold;
    if (hold && hold.until <= now) {
      await this.deps.lift(now);
      hold = null;
    }
    if (pacing.perMinute !== null && now < this.#nextAt) return { ...none, retryAt: this.#nextAt };
    const limit = pacing.perMinute === null ? Number.POSITIVE_INFINITY : 1;
    const direct = candidates.filter((c) => c.to.startsWith('+')).map((c) => c.to);
    const known = await this.deps.storage.knownChats.known(this.deps.sessionId, direct);
    let budget = Number.POSITIVE_INFINITY;
    let budgetFreesAt: number | null = null;
    if (pacing.newChatsPerHour !== null && direct.some((to) => !known.has(to))) {
      const opened = await this.deps.storage.knownChats.openedSince(this.deps.sessionId, now - HOUR_MS);
      budget = Math.max(0, pacing.newChatsPerHour - opened.count);
      budgetFreesAt = opened.oldest === null ? now + 60_000 : opened.oldest + HOUR_MS;
    }
    const result: Admission = { ...none, admitted: new Set(), newChats: new Set() };
    for (const { jobId, to } of candidates) {
      if (result.admitted.size >= limit) break;
      const isNew = to.startsWith('+') && !known.has(to) && !result.newChats.has(to);
      if (isNew) {
        if (hold) {
          result.skippedNewChats = true;
          result.retryAt = min(result.retryAt, hold.until);
          continue;
        }
        if (result.newChats.size >= budget) {
          result.skippedNewChats = true;
          result.retryAt = min(result.retryAt, budgetFreesAt ?? now + 60_000);
          continue;
        }
        result.newChats.add(to);
      }
      result.admitted.add(jobId);
    }
    return result;
  }

  /** After a hand-over: with a pace, the next message waits one spacing (with jitter). */
  handedOver(now: number): void {
    if (this.#perMinute === null) return;
    const spacing = 60_000 / this.#perMinute;
    const random = this.deps.random ?? Math.random;
    this.#nextAt = now + Math.round(spacing * (1 - JITTER + 2 * JITTER * random()));
  }
}

const min = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));
