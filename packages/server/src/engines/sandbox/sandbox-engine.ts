import { randomBytes, randomInt } from 'node:crypto';
import { randomHex } from '../../crypto/ids.js';
import type { MessageBody } from '../../domain/message-body.js';
import { SENDABLE_MESSAGE_TYPES } from '../../domain/message-body.js';
import type { OwnPresence } from '../../domain/profile-types.js';
import {
  type ChatPresence,
  type ContactIdentity,
  type Engine,
  type EngineContext,
  EngineError,
  type EngineSession,
  type GroupSettingsChange,
  type NumberCheck,
  type OutboundMessage,
  type ParticipantsAction,
  type SendResult,
} from '../engine.js';
import { behaviourFor } from './recipient-behaviour.js';
import { SandboxChannels } from './sandbox-channels.js';
import { sandboxCheck } from './sandbox-contacts.js';
import { echoOf, pendingBody } from './sandbox-echo.js';
import { SandboxGroups } from './sandbox-groups.js';
import { SandboxProfiles } from './sandbox-profiles.js';

export interface SandboxOptions {
  /** Delay between sent → delivered → read. */
  stepMs: number;
  /** How long one QR is shown before it rotates. */
  qrRotateMs?: number;
  /** How many QRs are shown before pairing gives up (like WhatsApp's QR expiry). */
  qrRotations?: number;
}

interface Creds {
  phone: string;
}

type Step = 'sent' | 'delivered' | 'read';
interface Pending {
  to: string;
  body: MessageBody;
  done: Step;
}

const CREDS = 'creds';
const PENDING = 'pending';
const SEND_LOG = 'send-log';
const PRESENCE = 'presence';
const READ = 'read';
const BLOCKED = 'blocked';

/**
 * A simulated WhatsApp account that needs no phone: a QR that can be scanned through the API,
 * recipients that behave by their number, receipts, and replies. Its state (credentials, receipts
 * still owed, a log of send calls) lives in the engine state store, so it survives restarts like a
 * real account, and a send repeated with the same message id is recognised, as WhatsApp would.
 */
export function sandboxEngine(options: SandboxOptions): Engine {
  return {
    name: 'sandbox',
    capabilities: { qr: true, pairingCode: false, simulatedScan: true, messageTypes: SENDABLE_MESSAGE_TYPES },
    createSession: (ctx) => new SandboxSession(ctx, options),
  };
}

/** How many steps a `0463` number's reach-out lock lasts. */
const REACH_OUT_LOCK_STEPS = 50;

class SandboxSession implements EngineSession {
  #connected = false;
  #running = false;
  #timers = new Set<NodeJS.Timeout>();
  #qrRound = 0;
  /** Blocked phone numbers: their echoes are dropped, as WhatsApp drops a blocked contact's messages. */
  #blocked = new Set<string>();
  #phone = '';
  readonly #groups: SandboxGroups;
  readonly #profiles: SandboxProfiles;
  readonly #channels: SandboxChannels;
  /** `0463` numbers whose lock came and went (this run): they read like any other now. */
  readonly #reachedOut = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly options: SandboxOptions,
  ) {
    this.#groups = new SandboxGroups(
      ctx,
      () => this.#phone,
      options.stepMs,
      (ms, task) => this.#later(ms, async () => task()),
    );
    this.#profiles = new SandboxProfiles(ctx, options.stepMs, (ms, task) => this.#later(ms, task));
    this.#channels = new SandboxChannels(ctx);
  }

  async start(): Promise<void> {
    this.#running = true;
    this.ctx.emit({ type: 'status', status: 'starting' });
    this.#blocked = new Set(Object.keys(await this.ctx.state.list<true>(BLOCKED)));
    const { main: creds } = await this.ctx.state.get<Creds>(CREDS, ['main']);
    if (creds) {
      this.#later(50, () => this.#connect(creds.phone));
      return;
    }
    this.#qrRound = 0;
    this.#showQr();
    if (this.ctx.options.autoPair) this.#later(500, () => void this.simulateScan({}));
  }

  async stop(): Promise<void> {
    this.#halt();
    this.ctx.emit({ type: 'status', status: 'stopped' });
  }

  async logout(): Promise<void> {
    this.#halt();
    await this.ctx.state.clear();
    this.ctx.emit({ type: 'status', status: 'logged_out', reason: 'logged out through the API' });
  }

  async simulateScan({ phone }: { phone?: string }): Promise<void> {
    if (!this.#running || this.#connected) {
      throw new EngineError('SESSION_STATE_CONFLICT', 'The session is not waiting for a QR scan.', false);
    }
    const number = phone ?? `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    await this.ctx.state.set({ [CREDS]: { main: { phone: number } satisfies Creds } });
    this.#clearTimers();
    this.#connect(number);
  }

  /** Presence and read receipts go nowhere; they are logged in the state (`presence`, `read`). */
  async sendPresence(to: string, state: ChatPresence): Promise<void> {
    if (!this.#connected)
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    await this.ctx.state.set({ [PRESENCE]: { [to]: { state, at: Date.now() } } });
  }

  async markRead(from: string, waMessageIds: readonly string[]): Promise<void> {
    if (!this.#connected)
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    const at = Date.now();
    await this.ctx.state.set({ [READ]: Object.fromEntries(waMessageIds.map((id) => [id, { from, at }])) });
  }

  /** See sandboxCheck: all numbers but those ending in 0003 have WhatsApp. */
  async checkNumbers(phones: readonly string[]): Promise<NumberCheck[]> {
    if (!this.#connected)
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    return phones.map(sandboxCheck);
  }

  /** Kept in the state (`blocked`, by phone number); a blocked echoing contact stops answering. */
  async setBlocked(contact: ContactIdentity, blocked: boolean): Promise<void> {
    if (!this.#connected)
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    const key = contact.phone ?? contact.lid;
    if (!key) return;
    if (contact.phone && !sandboxCheck(contact.phone).onWhatsApp) {
      throw new EngineError('NOT_ON_WHATSAPP', `Sandbox number ${contact.phone} is not on WhatsApp.`, false);
    }
    await this.ctx.state.set({ [BLOCKED]: { [key]: blocked ? true : null } });
    if (blocked) this.#blocked.add(key);
    else this.#blocked.delete(key);
  }

  listGroups = () => this.#whenConnected(() => this.#groups.list());
  getGroup = (id: string) => this.#whenConnected(() => this.#groups.get(id));
  createGroup = (subject: string, phones: readonly string[]) =>
    this.#whenConnected(() => this.#groups.create(subject, phones));
  updateGroup = (id: string, change: GroupSettingsChange) =>
    this.#whenConnected(() => this.#groups.update(id, change));
  setGroupPicture = (id: string) => this.#whenConnected(() => this.#groups.setPicture(id));
  updateParticipants = (id: string, action: ParticipantsAction, phones: readonly string[]) =>
    this.#whenConnected(() => this.#groups.participants(id, action, phones));
  groupInviteCode = (id: string, revoke: boolean) =>
    this.#whenConnected(() => this.#groups.inviteCode(id, revoke));
  joinGroup = (code: string) => this.#whenConnected(() => this.#groups.join(code));
  leaveGroup = (id: string) => this.#whenConnected(() => this.#groups.leave(id));
  ownProfile = () => this.#whenConnected(() => this.#profiles.own());
  updateOwnProfile = (change: { name?: string; about?: string }) =>
    this.#whenConnected(() => this.#profiles.update(change));
  setOwnPicture = (picture: Uint8Array | null) =>
    this.#whenConnected(() => this.#profiles.setPicture(picture));
  setOwnPresence = (presence: OwnPresence) => this.#whenConnected(() => this.#profiles.setPresence(presence));
  contactProfile = (contact: ContactIdentity) => this.#whenConnected(() => this.#profiles.contact(contact));
  channelInfo = (ref: { id: string } | { invite: string }) =>
    this.#whenConnected(() => this.#channels.info(ref));
  createChannel = (name: string, description: string | null) =>
    this.#whenConnected(() => this.#channels.create(name, description));
  followChannel = (id: string) => this.#whenConnected(() => this.#channels.follow(id, true));
  unfollowChannel = (id: string) => this.#whenConnected(() => this.#channels.follow(id, false));
  subscribePresence = (contact: ContactIdentity) =>
    this.#whenConnected(() => this.#profiles.subscribe(contact));

  #whenConnected<T>(task: () => Promise<T>): Promise<T> {
    if (!this.#connected) {
      return Promise.reject(new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true));
    }
    return task();
  }

  async send(message: OutboundMessage): Promise<void> {
    const [result] = await this.sendMany([message]);
    if (result?.outcome === 'refused') throw result.error;
  }

  /**
   * Every call is logged (the log is how tests count sends); the network itself dedups by id. A
   * batch costs one state read and one write, however many messages it has.
   */
  async sendMany(messages: readonly OutboundMessage[]): Promise<SendResult[]> {
    if (!this.#connected)
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    const now = Date.now();
    const known = await this.ctx.state.get<Pending>(
      PENDING,
      messages.map((m) => m.waMessageId),
    );
    const log: Record<string, { at: number }> = {};
    const pending: Record<string, Pending> = {};
    const results: SendResult[] = [];
    for (const message of messages) {
      log[`${message.waMessageId}:${now}:${randomHex(3)}`] = { at: now };
      if (known[message.waMessageId] || pending[message.waMessageId]) {
        // A retry of a message the network already has: nothing new happens.
        results.push({ outcome: 'sent' });
      } else if (behaviourFor(message.to) === 'reach_out_locked' && !this.#reachedOut.has(message.to)) {
        // The network takes it, then refuses it with WhatsApp's 463 and locks new chats a while.
        results.push({ outcome: 'sent' });
        this.#reachOutLock(message.waMessageId, message.to, now);
      } else if (behaviourFor(message.to) === 'fails') {
        results.push({
          outcome: 'refused',
          error: new EngineError(
            'RECIPIENT_UNREACHABLE',
            `Sandbox recipient ${message.to} always fails.`,
            false,
          ),
        });
      } else {
        pending[message.waMessageId] = { to: message.to, body: message.body, done: 'sent' };
        results.push({ outcome: 'sent' });
      }
    }
    await this.ctx.state.set({ [SEND_LOG]: log, [PENDING]: pending });
    for (const [waMessageId, p] of Object.entries(pending)) {
      this.ctx.emit({ type: 'message.status', waMessageId, status: 'sent', at: now });
      this.#schedule(waMessageId, p);
    }
    return results;
  }

  #connect(phone: string): void {
    if (!this.#running) return;
    this.#connected = true;
    this.#phone = phone;
    this.ctx.emit({ type: 'status', status: 'connected', phone });
    void this.#resumePending();
  }

  /** Receipts still owed from before a restart are delivered once the account is back. */
  async #resumePending(): Promise<void> {
    try {
      const pending = await this.ctx.state.list<Pending>(PENDING);
      for (const [id, p] of Object.entries(pending)) this.#schedule(id, { ...p, body: pendingBody(p) });
    } catch (error) {
      this.ctx.logger.error({ err: error }, 'sandbox: could not resume pending receipts');
    }
  }

  /**
   * An inbound body as a real account would get it: a file arrives as new bytes, stored as an
   * inbound media file (so the gateway's download and storage path runs, S3 included). A file that
   * is gone or refused arrives without its bytes (`id: null`), as a real download failure would.
   */
  async #received(body: MessageBody): Promise<MessageBody> {
    if (!('media' in body) || body.media.id === null) return body;
    try {
      const file = await this.ctx.readMedia(body.media.id);
      return { ...body, media: await this.ctx.saveMedia({ body: file.body, fileName: file.fileName }) };
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'sandbox: the echoed file could not be stored');
      return { ...body, media: { ...body.media, id: null } };
    }
  }

  #schedule(waMessageId: string, pending: Pending): void {
    if (pending.to.endsWith('@g.us')) {
      // The members answer for themselves (message.receipt); nothing is owed after a restart.
      void this.ctx.state.set({ [PENDING]: { [waMessageId]: null } });
      void this.#groups.receipts(pending.to, waMessageId);
      return;
    }
    if (pending.to.endsWith('@newsletter')) {
      // A channel post is only ever `sent` (its followers send no receipts).
      void this.ctx.state.set({ [PENDING]: { [waMessageId]: null } });
      return;
    }
    const behaviour = behaviourFor(pending.to);
    const steps: Step[] =
      behaviour === 'never_delivers'
        ? []
        : behaviour === 'delivers_only'
          ? ['delivered']
          : ['delivered', 'read'];
    const order: Step[] = ['sent', 'delivered', 'read'];
    const remaining = steps.filter((s) => order.indexOf(s) > order.indexOf(pending.done));
    remaining.forEach((step, i) => {
      this.#later(this.options.stepMs * (i + 1), async () => {
        const at = Date.now();
        // Only the last receipt is recorded (the message is then owed nothing): after a restart
        // the steps run again from `sent`, and a repeated "delivered" changes nothing (the highest
        // status wins), so recording the ones between would only cost a write each.
        if (i === remaining.length - 1) {
          try {
            await this.ctx.state.set({ [PENDING]: { [waMessageId]: null } });
          } catch (error) {
            this.ctx.logger.error({ err: error }, 'sandbox: could not record a receipt');
            return;
          }
        }
        this.ctx.emit({ type: 'message.status', waMessageId, status: step, at });
        // An echo answers in kind (see echoOf); a reaction gets no answer.
        const echo =
          step === 'delivered' &&
          behaviour === 'echoes' &&
          !this.#blocked.has(pending.to) &&
          echoOf(pending.body, waMessageId);
        if (echo) {
          this.ctx.emit({
            type: 'message.received',
            waMessageId: echo.waMessageId,
            from: pending.to,
            body: await this.#received(echo.body),
            at,
          });
        }
      });
    });
    if (remaining.length === 0 && behaviour !== 'never_delivers') {
      void this.ctx.state.set({ [PENDING]: { [waMessageId]: null } });
    }
  }

  #showQr(): void {
    const rotations = this.options.qrRotations ?? 5;
    const rotateMs = this.options.qrRotateMs ?? 20_000;
    if (this.#qrRound >= rotations) {
      this.#halt();
      this.ctx.emit({ type: 'status', status: 'stopped', reason: 'qr_expired' });
      return;
    }
    this.#qrRound += 1;
    const ref = randomBytes(12).toString('base64url');
    this.ctx.emit({
      type: 'qr',
      qr: `sandbox:${this.ctx.sessionId}:${ref}`,
      expiresAt: Date.now() + rotateMs,
    });
    if (this.#qrRound === 1) this.ctx.emit({ type: 'status', status: 'scan_qr' });
    this.#later(rotateMs, () => this.#showQr());
  }

  /**
   * A `0463` number: its first message is refused with 463 and new chats are locked for
   * REACH_OUT_LOCK_STEPS steps; once lifted, the number reads like any other.
   */
  #reachOutLock(waMessageId: string, to: string, now: number): void {
    const error = { code: 'WA_463', message: 'WhatsApp refused the message (error 463).' };
    const until = now + REACH_OUT_LOCK_STEPS * this.options.stepMs;
    this.ctx.emit({ type: 'reach_out_lock', active: true, until });
    this.ctx.emit({ type: 'message.status', waMessageId, status: 'failed', at: now, error });
    this.#later(until - now, () => {
      this.#reachedOut.add(to);
      this.ctx.emit({ type: 'reach_out_lock', active: false, until: null });
    });
  }

  #later(ms: number, fn: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#running) void fn();
    }, ms);
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #halt(): void {
    this.#running = false;
    this.#connected = false;
    this.#clearTimers();
  }
}
