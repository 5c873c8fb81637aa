import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import { checkRecipients, type RecipientInput, recipientsFromCsv } from './broadcast-recipients.js';
import { moveBroadcast } from './broadcast-status.js';
import type { Broadcast, BroadcastProgress, BroadcastRecipient, BroadcastStatus } from './broadcast-types.js';
import type { EventsService } from './events-service.js';
import type { MessageBody } from './message-body.js';
import type { PhoneNormalizer } from './phone.js';
import { checkPlaceholders, templateVariables } from './template-render.js';
import type { TemplateBody } from './template-types.js';
import type { TemplatesService } from './templates-service.js';
import { modeOf, type Page, type PageParams } from './types.js';

export interface BroadcastParams {
  session_id: string;
  name?: string | undefined;
  /** The message, `{{placeholders}}` filled in per recipient; or `template_id`. */
  message?: TemplateBody | undefined;
  template_id?: string | undefined;
  recipients?: RecipientInput[] | undefined;
  /** Recipients as CSV text: a header row with a `phone` column; other columns are variables. */
  csv?: string | undefined;
  per_minute?: number | undefined;
}

/** A careful default: one message every three seconds (with jitter), well under what flags accounts. */
export const DEFAULT_PER_MINUTE = 20;

export interface BroadcastView {
  broadcast: Broadcast;
  progress: BroadcastProgress;
}

const ACTIVE: readonly BroadcastStatus[] = ['queued', 'running'];

/**
 * Broadcasts: one message (or template) to up to 10,000 recipients of a session, each checked
 * before anything is stored, then queued one at a time at the broadcast's pace by every server's
 * broadcast runner (`runtime/broadcast-runner.ts`). Pause, resume and cancel act on what is not yet
 * queued; each recipient gets at most one message.
 */
export class BroadcastsService {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly templates: TemplatesService,
    private readonly normalizePhone: PhoneNormalizer,
    /** Whether the session's engine can send a message type. */
    private readonly canSend: (engine: string, type: MessageBody['type']) => boolean,
    /** Told when a broadcast may queue now (the runner looks at once). */
    private readonly onDue: () => void = () => undefined,
  ) {}

  async create(principal: Principal, params: BroadcastParams): Promise<BroadcastView> {
    authorize(principal, 'messages:send');
    const session = await this.storage.sessions.get(principal.tenant.id, params.session_id);
    if (!session || modeOf(session) !== principal.mode) {
      throw new AppError('SESSION_NOT_FOUND', { param: 'session_id' });
    }
    if ((params.message === undefined) === (params.template_id === undefined)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'A broadcast takes either message or template_id.',
        param: params.message === undefined ? 'message' : 'template_id',
      });
    }
    if ((params.recipients === undefined) === (params.csv === undefined)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'A broadcast takes either recipients or csv.',
        param: params.recipients === undefined ? 'recipients' : 'csv',
      });
    }
    const message = params.message ?? (await this.templates.get(principal, params.template_id ?? '')).body;
    checkPlaceholders(message);
    if (!this.canSend(session.engine, message.type)) {
      throw new AppError('UNSUPPORTED_MESSAGE_TYPE', {
        message: `The ${session.engine} engine cannot send ${message.type} messages.`,
        param: 'message',
      });
    }
    const fromCsv = params.csv !== undefined;
    const inputs = fromCsv ? recipientsFromCsv(params.csv ?? '') : (params.recipients ?? []);
    const recipients = checkRecipients(inputs, templateVariables(message), this.normalizePhone, fromCsv);
    const now = Date.now();
    const broadcast: Broadcast = {
      id: newId('brd'),
      tenantId: principal.tenant.id,
      sessionId: session.id,
      mode: principal.mode,
      name: params.name ?? null,
      status: 'queued',
      statusReason: null,
      message,
      templateId: params.template_id ?? null,
      perMinute: params.per_minute ?? DEFAULT_PER_MINUTE,
      total: recipients.length,
      nextAt: now,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
    };
    await this.storage.transaction((tx) => tx.broadcasts.insert(broadcast, recipients));
    this.onDue();
    return this.#view(broadcast);
  }

  async get(principal: Principal, id: string): Promise<BroadcastView> {
    authorize(principal, 'messages:read');
    return this.#view(await this.#find(principal, id));
  }

  async list(principal: Principal, page: PageParams): Promise<Page<BroadcastView>> {
    authorize(principal, 'messages:read');
    const rows = await this.storage.broadcasts.list(
      principal.tenant.id,
      principal.mode,
      page.limit + 1,
      page.startingAfter,
    );
    const data = await Promise.all(rows.slice(0, page.limit).map((b) => this.#view(b)));
    return { data, hasMore: rows.length > page.limit };
  }

  /** The recipients in order, each with its message id and state. */
  async recipients(
    principal: Principal,
    id: string,
    limit: number,
    after?: number,
  ): Promise<{ data: BroadcastRecipient[]; hasMore: boolean }> {
    authorize(principal, 'messages:read');
    const broadcast = await this.#find(principal, id);
    const rows = await this.storage.broadcasts.listRecipients(broadcast.id, limit + 1, after);
    return { data: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /** Stops queueing recipients (what is queued goes on); 409 unless queued or running. */
  pause(principal: Principal, id: string): Promise<BroadcastView> {
    return this.#move(principal, id, ACTIVE, 'paused', { reason: null });
  }

  /** Goes on where it stopped; 409 unless paused. */
  resume(principal: Principal, id: string): Promise<BroadcastView> {
    return this.#move(principal, id, ['paused'], 'running', { reason: null, nextAt: Date.now() });
  }

  /** Ends it: the recipients not yet queued are skipped (their count stays in the progress). */
  cancel(principal: Principal, id: string): Promise<BroadcastView> {
    return this.#move(principal, id, [...ACTIVE, 'paused'], 'cancelled', {
      reason: null,
      finishedAt: Date.now(),
    });
  }

  async #move(
    principal: Principal,
    id: string,
    from: readonly BroadcastStatus[],
    to: BroadcastStatus,
    extra: { reason: null; nextAt?: number; finishedAt?: number },
  ): Promise<BroadcastView> {
    authorize(principal, 'messages:send');
    const broadcast = await this.#find(principal, id);
    if (!(await moveBroadcast(this.storage, this.events, broadcast, from, to, Date.now(), extra))) {
      const now = await this.#find(principal, id);
      throw new AppError('BROADCAST_STATE_CONFLICT', {
        message: `A ${now.status} broadcast cannot be ${to === 'running' ? 'resumed' : to}.`,
      });
    }
    if (to === 'running') this.onDue();
    return this.#view(await this.#find(principal, id));
  }

  async #find(principal: Principal, id: string): Promise<Broadcast> {
    const broadcast = await this.storage.broadcasts.get(principal.tenant.id, id);
    if (!broadcast || broadcast.mode !== principal.mode) throw new AppError('BROADCAST_NOT_FOUND');
    return broadcast;
  }

  async #view(broadcast: Broadcast): Promise<BroadcastView> {
    return { broadcast, progress: await this.storage.broadcasts.progress(broadcast.id, broadcast.total) };
  }
}
