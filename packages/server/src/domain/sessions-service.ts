import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { Principal } from './authorization.js';
import type { EventsService } from './events-service.js';
import { failQueue } from './message-transitions.js';
import type { PhoneNormalizer } from './phone.js';
import type { PlanEnforcement } from './plan-enforcement.js';
import type { SessionControl } from './session-control.js';
import { modeOf, type Page, type PageParams, type Session, type SessionStatus } from './types.js';

export interface CreateSessionParams {
  name?: string | undefined;
  engine?: string | undefined;
  autoPair?: boolean | undefined;
  start?: boolean | undefined;
}

/**
 * A check run inside a write transaction that throws when the writer no longer owns the session
 * (its lease was taken over); the runtime passes one with every status it records.
 */
export type Fence = (tx: Storage) => Promise<void>;

const LOGGED_OUT_FAILURE = {
  code: 'SESSION_LOGGED_OUT',
  message: 'The session was logged out before the message was sent.',
} as const;

export class SessionsService {
  #control: SessionControl | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly normalizePhone: PhoneNormalizer,
    private readonly enforcement?: PlanEnforcement,
  ) {}

  bindControl(control: SessionControl): void {
    this.#control = control;
  }

  get control(): SessionControl {
    if (!this.#control) throw new Error('SessionsService used before the runtime was bound');
    return this.#control;
  }

  async create(principal: Principal, params: CreateSessionParams): Promise<Session> {
    const engine = params.engine ?? 'sandbox';
    if (!this.control.engineCapabilities(engine)) {
      throw new AppError('VALIDATION_FAILED', { message: `Unknown engine "${engine}".`, param: 'engine' });
    }
    if (principal.mode === 'test' && engine !== 'sandbox') {
      throw new AppError('TEST_MODE_SANDBOX_ONLY', { param: 'engine' });
    }
    const now = Date.now();
    const id = newId('ses');
    const session: Session = {
      id,
      tenantId: principal.tenant.id,
      mode: principal.mode,
      name: params.name ?? id,
      engine,
      status: 'stopped',
      statusReason: null,
      statusChangedAt: now,
      desiredState: params.start === false ? 'stopped' : 'running',
      phone: null,
      autoPair: params.autoPair ?? false,
      qr: null,
      qrExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.storage.transaction(async (tx) => {
      await this.enforcement?.checkSessionLimit(principal.tenant.id, principal.mode, tx);
      await tx.sessions.insert(session);
    });
    if (session.desiredState === 'running') await this.control.ensureRunning(id);
    return this.get(principal, id);
  }

  /** A session of the other mode (live for a test key, and the reverse) is not found. */
  async get(principal: Principal, id: string): Promise<Session> {
    const found = await this.storage.sessions.get(principal.tenant.id, id);
    const session = found && modeOf(found) === principal.mode ? found : undefined;
    if (found && !session) throw new AppError('SESSION_NOT_FOUND');
    if (!session) {
      const sameMode = (await this.storage.sessions.modeOf(principal.tenant.id, id)) === principal.mode;
      const deleted = sameMode && (await this.storage.sessions.isDeleted(principal.tenant.id, id));
      throw new AppError(deleted ? 'SESSION_DELETED' : 'SESSION_NOT_FOUND');
    }
    return session;
  }

  async list(principal: Principal, page: PageParams): Promise<Page<Session>> {
    const rows = await this.storage.sessions.list(
      principal.tenant.id,
      page.limit + 1,
      page.startingAfter,
      principal.mode,
    );
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  async start(principal: Principal, id: string): Promise<Session> {
    const session = await this.get(principal, id);
    await this.storage.sessions.update(id, { desiredState: 'running' }, Date.now());
    if (session.status !== 'connected') await this.control.ensureRunning(id);
    return this.get(principal, id);
  }

  async stop(principal: Principal, id: string): Promise<Session> {
    await this.get(principal, id);
    await this.storage.sessions.update(id, { desiredState: 'stopped' }, Date.now());
    await this.control.stop(id);
    return this.get(principal, id);
  }

  async restart(principal: Principal, id: string): Promise<Session> {
    await this.get(principal, id);
    await this.control.stop(id);
    await this.storage.sessions.update(id, { desiredState: 'running' }, Date.now());
    await this.control.ensureRunning(id);
    return this.get(principal, id);
  }

  async logout(principal: Principal, id: string): Promise<Session> {
    await this.get(principal, id);
    await this.storage.sessions.update(id, { desiredState: 'stopped' }, Date.now());
    await this.control.logout(id);
    return this.get(principal, id);
  }

  /**
   * Deletes a session. The row becomes a tombstone in one transaction with failing its queued
   * messages (`SESSION_DELETED`, each with its `message.failed` event), so those messages and all
   * events stay readable; then the device is logged out and the credentials are erased. Those last
   * steps are best effort here: when another server runs the session it logs it out once it sees
   * the tombstone (at its next lease renewal), and whatever is left (a storage error, a crashed
   * owner) is erased by the runtime's sweep of deleted sessions.
   */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    const now = Date.now();
    const deleted = await this.storage.transaction(async (tx) => {
      if (!(await tx.sessions.markDeleted(id, now))) return false;
      await failQueue(
        tx,
        this.events,
        id,
        { code: 'SESSION_DELETED', message: 'The session was deleted before the message was sent.' },
        now,
      );
      return true;
    });
    if (!deleted) throw new AppError('SESSION_DELETED');
    try {
      await this.control.logout(id);
      // Jobs stay: one a racing send left behind fails its message through the sweep.
      await this.storage.engineState.clear(id);
    } catch {
      // Deleted all the same (the tombstone is committed); the sweep finishes the erase.
    }
  }

  async qr(principal: Principal, id: string): Promise<{ sessionId: string; qr: string; expiresAt: number }> {
    const session = await this.get(principal, id);
    if (session.status !== 'scan_qr' || !session.qr) {
      throw new AppError('QR_NOT_AVAILABLE', {
        message: `The session is ${session.status}; a QR code exists only while it is scan_qr.`,
        details: { status: session.status },
      });
    }
    return { sessionId: id, qr: session.qr, expiresAt: session.qrExpiresAt ?? Date.now() };
  }

  async simulateScan(principal: Principal, id: string, phone?: string): Promise<Session> {
    const session = await this.get(principal, id);
    if (!this.control.engineCapabilities(session.engine)?.simulatedScan) {
      throw new AppError('CAPABILITY_NOT_SUPPORTED', {
        message: `The ${session.engine} engine pairs with a real phone; only sandbox sessions can be scanned through the API.`,
      });
    }
    if (session.status !== 'scan_qr') {
      throw new AppError('SESSION_STATE_CONFLICT', {
        message: `The session is ${session.status}; it can be scanned only while it is scan_qr.`,
        details: { status: session.status },
      });
    }
    const normalized = phone === undefined ? undefined : this.normalizePhone(phone, 'phone');
    await this.control.simulateScan(id, normalized);
    return this.get(principal, id);
  }

  /**
   * Pairing by phone number: returns the code to type into the phone (WhatsApp → Linked devices →
   * Link with phone number instead). Only for engines that declare `pairingCode`, while `scan_qr`.
   */
  async pairingCode(principal: Principal, id: string, phone: string): Promise<{ code: string }> {
    const session = await this.get(principal, id);
    if (!this.control.engineCapabilities(session.engine)?.pairingCode) {
      throw new AppError('CAPABILITY_NOT_SUPPORTED', {
        message: `The ${session.engine} engine does not pair with a code.`,
      });
    }
    const normalized = this.normalizePhone(phone, 'phone');
    if (session.status !== 'scan_qr') {
      throw new AppError('SESSION_STATE_CONFLICT', {
        message: `The session is ${session.status}; a pairing code can be requested only while it is scan_qr.`,
        details: { status: session.status },
      });
    }
    return { code: await this.control.requestPairingCode(id, normalized) };
  }

  /**
   * Records a status change and its `session.status` event in one transaction, fenced by `fence`
   * when given (a runtime that lost the session must not overwrite its new owner's status). Logging
   * out also fails the queued messages (`SESSION_LOGGED_OUT`): they were accepted for the account
   * that just left and must never go out from whichever account is paired next; the session keeps
   * no phone number while no account is linked.
   */
  async recordStatus(
    sessionId: string,
    status: SessionStatus,
    extra: { reason?: string | null; phone?: string | null; desiredState?: 'running' | 'stopped' } = {},
    fence?: Fence,
  ): Promise<void> {
    await this.storage.transaction(async (tx) => {
      await fence?.(tx);
      const current = await tx.sessions.getById(sessionId);
      if (!current) return;
      const now = Date.now();
      const changed = current.status !== status;
      if (status === 'logged_out') {
        await failQueue(tx, this.events, sessionId, LOGGED_OUT_FAILURE, now);
      }
      await tx.sessions.update(
        sessionId,
        {
          status,
          statusReason: extra.reason ?? null,
          ...(changed && { statusChangedAt: now }),
          ...(extra.phone !== undefined && { phone: extra.phone }),
          ...(status === 'logged_out' && { phone: null }),
          ...(extra.desiredState !== undefined && { desiredState: extra.desiredState }),
          ...(status !== 'scan_qr' && { qr: null, qrExpiresAt: null }),
        },
        now,
      );
      if (!changed) return;
      await this.events.record(
        tx,
        {
          tenantId: current.tenantId,
          sessionId,
          type: 'session.status',
          data: {
            session_id: sessionId,
            status,
            previous_status: current.status,
            reason: extra.reason ?? null,
            phone: extra.phone ?? current.phone,
          },
        },
        now,
      );
    });
  }

  async recordQr(sessionId: string, qr: string, expiresAt: number): Promise<void> {
    await this.storage.sessions.update(sessionId, { qr, qrExpiresAt: expiresAt }, Date.now());
  }
}
