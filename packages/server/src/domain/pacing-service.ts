import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { EventsService } from './events-service.js';
import { SEND_JOB } from './message-transitions.js';
import {
  DEFAULT_HOLD_MS,
  MAX_REACH_OUT_REFUSALS,
  type Pace,
  type ReachOutHold,
  type SessionPacing,
} from './pacing-types.js';
import { sessionOf } from './session-access.js';
import type { Session } from './types.js';

const UNPACED: Pace = { perMinute: null, newChatsPerHour: null };
const PER_MINUTE_MAX = 6000;
const NEW_CHATS_MAX = 100_000;
/** Messages whose 463s are counted at once (oldest forgotten first). */
const REFUSALS_KEPT = 10_000;

/** A change of pace: absent fields stay, null is unlimited; `reset` goes back to the default. */
export type PaceChange = { reset: true } | { perMinute?: number | null; newChatsPerHour?: number | null };

/**
 * How fast each session sends, and WhatsApp's hold on its new chats. A session paces at its own
 * rate if one was set, else at the server's default for real engines (the sandbox is not paced).
 * A 463 (WhatsApp's reach-out timelock) puts the refused message back in the queue and holds the
 * session's sends to numbers it has no chat with until the lock lifts, announced by
 * `session.rate_limited` events; the sender skips held messages and sends the others.
 */
export class PacingService {
  /** 463s per message id (in memory: after a restart a message may be tried that many times more). */
  readonly #refusals = new Map<string, number>();
  readonly #holdMs: number;

  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly defaultPace: Pace,
    options: { holdMs?: number | undefined } = {},
  ) {
    this.#holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
  }

  /** The pace the session sends at now, and its hold. */
  async current(
    session: Pick<Session, 'id' | 'engine'>,
    within: Storage = this.storage,
  ): Promise<SessionPacing> {
    const { pace, hold } = await within.pacing.get(session.id);
    const fallback = session.engine === 'sandbox' ? UNPACED : this.defaultPace;
    return { ...(pace ?? fallback), custom: pace !== null, hold };
  }

  async get(principal: Principal, sessionId: string): Promise<SessionPacing> {
    return this.current(await sessionOf(this.storage, principal, sessionId));
  }

  async update(principal: Principal, sessionId: string, change: PaceChange): Promise<SessionPacing> {
    authorize(principal, 'sessions:manage');
    const session = await sessionOf(this.storage, principal, sessionId);
    const at = Date.now();
    if ('reset' in change) {
      await this.storage.pacing.resetPace(sessionId, at);
      return this.current(session);
    }
    const now = await this.current(session);
    const next: Pace = {
      perMinute: check(change.perMinute, now.perMinute, PER_MINUTE_MAX, 'per_minute'),
      newChatsPerHour: check(
        change.newChatsPerHour,
        now.newChatsPerHour,
        NEW_CHATS_MAX,
        'new_chats_per_hour',
      ),
    };
    await this.storage.pacing.setPace(sessionId, next, at);
    return this.current(session);
  }

  /**
   * WhatsApp refused a message to a new chat (463): it goes back in the queue, to go out once the
   * hold lifts, and the session's new chats are held. False when it is no such message (a group's,
   * an inbound one, gone), or when it was refused MAX_REACH_OUT_REFUSALS times: the refusal is then
   * an ordinary failure (WA_463), so a number that never takes a new chat is not tried forever.
   */
  async refusedNewChat(sessionId: string, waMessageId: string, at: number, tx: Storage): Promise<boolean> {
    const message = await tx.messages.findByWaId(sessionId, waMessageId);
    if (message?.direction !== 'outbound' || message.status !== 'queued' || !message.to?.startsWith('+')) {
      return false;
    }
    // The same refusal told twice (Baileys reports the ack, then its own update): held already.
    if (await tx.jobs.hasUnhanded(SEND_JOB, message.id)) return true;
    const refusals = (this.#refusals.get(message.id) ?? 0) + 1;
    this.#refusals.delete(message.id);
    if (refusals >= MAX_REACH_OUT_REFUSALS) return false;
    this.#refusals.set(message.id, refusals);
    if (this.#refusals.size > REFUSALS_KEPT)
      this.#refusals.delete(this.#refusals.keys().next().value as string);
    // WhatsApp does not count it as a chat: the session's note that it opened one goes.
    await tx.knownChats.forgetOpened(sessionId, message.to);
    const { hold } = await tx.pacing.get(sessionId);
    // A new job: the one that sent it may still be finishing (it deletes only itself).
    await tx.jobs.enqueue(
      { kind: SEND_JOB, tenantId: message.tenantId, sessionId, refId: message.id, runAt: at },
      at,
    );
    await this.hold(sessionId, hold && hold.until > at ? hold.until : at + this.#holdMs, 'refused', at, tx);
    return true;
  }

  /**
   * Holds the session's new chats until `until` (announced when it starts or its end moves); one
   * WhatsApp announced stays `notified` (lifted by its notification) when a 463 comes meanwhile.
   */
  async hold(
    sessionId: string,
    until: number,
    source: ReachOutHold['source'],
    at: number,
    tx: Storage,
  ): Promise<void> {
    const session = await tx.sessions.getById(sessionId);
    if (!session) return;
    const { hold: before } = await tx.pacing.get(sessionId);
    const kept = before && before.until > at && before.source === 'notified' ? 'notified' : source;
    const hold: ReachOutHold = { reason: 'reach_out_timelock', until, source: kept };
    await tx.pacing.setHold(sessionId, hold, at);
    if (before?.until === until) return;
    await this.#announce(tx, session, true, until, at);
  }

  /**
   * Lifts the hold (its time passed, or with `notifiedOnly` WhatsApp said the lock it announced is
   * over: a hold only a 463 told of lasts its time); announced once.
   */
  async lift(
    sessionId: string,
    at: number,
    within: Storage = this.storage,
    notifiedOnly = false,
  ): Promise<boolean> {
    return within.transaction(async (tx) => {
      const session = await tx.sessions.getById(sessionId);
      if (!session) return false;
      const { hold } = await tx.pacing.get(sessionId);
      if (!hold || (notifiedOnly && hold.source !== 'notified')) return false;
      if (!(await tx.pacing.clearHold(sessionId, at))) return false;
      await this.#announce(tx, session, false, null, at);
      return true;
    });
  }

  async #announce(
    tx: Storage,
    session: Session,
    active: boolean,
    until: number | null,
    at: number,
  ): Promise<void> {
    const held = await tx.knownChats.heldCount(session.id, SEND_JOB);
    await this.events.record(
      tx,
      {
        tenantId: session.tenantId,
        sessionId: session.id,
        type: 'session.rate_limited',
        data: {
          session_id: session.id,
          active,
          reason: 'reach_out_timelock',
          scope: 'new_chats',
          until: until === null ? null : new Date(until).toISOString(),
          held,
        },
      },
      at,
    );
  }
}

function check(value: number | null | undefined, current: number | null, max: number, param: string) {
  if (value === undefined) return current;
  if (value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new AppError('VALIDATION_FAILED', {
      message: `${param} is a whole number from 1 to ${max}, or null.`,
      param,
    });
  }
  return value;
}
