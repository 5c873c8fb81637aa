import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { Principal } from './authorization.js';
import { moveBroadcast, type StatusChange } from './broadcast-status.js';
import type { Broadcast, BroadcastStatus } from './broadcast-types.js';
import type { EventsService } from './events-service.js';
import type { MessagesService } from './messages-service.js';
import { renderTemplate } from './template-render.js';
import { modeOf } from './types.js';

/** How many broadcasts one round looks at. */
const ROUND = 50;
/** The spread of the wait between two recipients: ±30 % around 60 s / per_minute. */
const JITTER = 0.3;

/** Refusals that hold for every later recipient too: the broadcast pauses with the code as reason. */
const PAUSING = new Set([
  'MESSAGE_QUOTA_EXCEEDED',
  'SESSION_LOGGED_OUT',
  'SESSION_NOT_FOUND',
  'SESSION_DELETED',
  'TENANT_SUSPENDED',
]);

/** The wait before the broadcast's next recipient, with jitter (so sends do not tick like a bot). */
export function nextTurnDelay(perMinute: number, random = Math.random): number {
  const mean = 60_000 / perMinute;
  return Math.round(mean * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * Queues broadcasts' recipients at their pace: each turn one server claims the broadcast (a
 * conditional move of `next_at`), renders the next recipient's message and sends it through the
 * normal send path with the idempotency key `broadcast:<id>:<position>`, then records the message
 * on the recipient. A crash between the two is healed by the next turn: the same key answers with
 * the message already accepted, so no recipient gets two.
 */
export class BroadcastRunner {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly messages: MessagesService,
    private readonly random: () => number = Math.random,
  ) {}

  nextDueAt(): Promise<number | undefined> {
    return this.storage.broadcasts.nextDueAt();
  }

  async runDue(now: number): Promise<number> {
    const due = await this.storage.broadcasts.listDue(now, ROUND);
    let turns = 0;
    for (const broadcast of due) {
      const next = now + nextTurnDelay(broadcast.perMinute, this.random);
      if (!(await this.storage.broadcasts.claimTurn(broadcast.id, broadcast.nextAt, next, now))) continue;
      turns++;
      await this.#turn(broadcast, now);
    }
    return turns;
  }

  async #turn(broadcast: Broadcast, now: number): Promise<void> {
    const { broadcasts } = this.storage;
    const move = (from: readonly BroadcastStatus[], to: BroadcastStatus, change: StatusChange) =>
      moveBroadcast(this.storage, this.events, broadcast, from, to, now, change);
    const pause = (reason: string) => move(['queued', 'running'], 'paused', { reason });
    const [recipient] = await broadcasts.nextPending(broadcast.id, 1);
    if (!recipient) {
      await move(['queued', 'running'], 'completed', { finishedAt: now });
      return;
    }
    if (broadcast.status === 'queued') await move(['queued'], 'running', { startedAt: now });
    const principal = await this.#principal(broadcast);
    if (!principal) {
      await pause('SESSION_DELETED');
      return;
    }
    if (principal.tenant.status === 'suspended') {
      await pause('TENANT_SUSPENDED');
      return;
    }
    try {
      const body = renderTemplate(broadcast.message, recipient.variables);
      const message = await this.messages.send(
        principal,
        broadcast.sessionId,
        { ...body, to: recipient.to },
        `broadcast:${broadcast.id}:${recipient.position}`,
      );
      await broadcasts.settle(broadcast.id, recipient.position, { state: 'queued', messageId: message.id });
    } catch (error) {
      // Anything else (storage failing) leaves the recipient pending for the next turn.
      if (!(error instanceof AppError)) throw error;
      if (PAUSING.has(error.code)) {
        await pause(error.code);
        return;
      }
      await broadcasts.settle(broadcast.id, recipient.position, {
        state: 'failed',
        error: { code: error.code, message: error.message },
      });
    }
  }

  /** The tenant as the server acting for it, in its session's mode; undefined once the session is gone. */
  async #principal(broadcast: Broadcast): Promise<Principal | undefined> {
    const [tenant, session] = await Promise.all([
      this.storage.tenants.get(broadcast.tenantId),
      this.storage.sessions.get(broadcast.tenantId, broadcast.sessionId),
    ]);
    if (!tenant || !session) return undefined;
    return {
      tenant,
      mode: modeOf(session),
      role: 'service',
      platformAdmin: false,
      scopes: ['messages:send'],
      actor: { type: 'system', id: broadcast.id },
      apiKeyId: null,
    };
  }
}
