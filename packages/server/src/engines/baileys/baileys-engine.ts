import {
  type BaileysEventMap,
  Browsers,
  DEFAULT_CONNECTION_CONFIG,
  makeWASocket,
  WA_CERT_DETAILS,
  type WAMessage,
  type WASocket,
  type WAVersion,
} from '@whiskeysockets/baileys';
import {
  type Engine,
  type EngineContext,
  EngineError,
  type EngineEvent,
  type EngineSession,
  type OutboundMessage,
} from '../engine.js';
import { loadAuthState, type StoredAuthState } from './auth-state.js';
import { BaileysAccountOps } from './baileys-account-ops.js';
import { contactEvents, fetchBlocklist } from './baileys-contacts.js';
import { BaileysInbound } from './baileys-inbound.js';
import { baileysLogger } from './baileys-logger.js';
import type { BaileysEngineOptions } from './baileys-options.js';
import { presenceEvents } from './baileys-profiles.js';
import { type CredsRetryOptions, DEFAULT_CREDS_RETRY, saveCredsWithRetry } from './creds-saver.js';
import { ownAccount } from './inbound-content.js';
import { jidToLid, phoneToJid, sendError, statusFromAck, wantsHistory } from './mapping.js';
import { BAILEYS_MESSAGE_TYPES, outboundContent } from './outbound-content.js';
import { pruneSentMedia, readOutboundFile, rememberSentMedia } from './outbound-media.js';
import { type BackoffOptions, DEFAULT_BACKOFF, decideOnClose } from './reconnect-policy.js';
import { retryMessage } from './retry-message.js';
import { TtlCache } from './ttl-cache.js';

export type { BaileysEngineOptions } from './baileys-options.js';

const FIRST_QR_MS = 60_000;
const NEXT_QR_MS = 20_000;
/** A second "connection replaced" within this window (even after reconnecting) stops the session. */
const REPLACED_WINDOW_MS = 10 * 60_000;

/**
 * The real WhatsApp engine, on Baileys (WhatsApp Web's multi-device protocol). Credentials and
 * Signal keys live in the engine state store; the socket is rebuilt on every close according to
 * the reconnect policy. Media goes through WhatsApp's media host (Baileys encrypts and uploads,
 * downloads and decrypts); the state store also keeps sent media messages for retry receipts
 * (`sent-media`, 14 days) and the secrets of contacts' polls for their votes (`inbound-poll`).
 */
export function baileysEngine(options: BaileysEngineOptions = {}): Engine {
  return {
    name: 'baileys',
    capabilities: { qr: true, pairingCode: true, simulatedScan: false, messageTypes: BAILEYS_MESSAGE_TYPES },
    createSession: (ctx) => new BaileysSession(ctx, options),
  };
}

class BaileysSession extends BaileysAccountOps implements EngineSession {
  readonly #backoff: BackoffOptions;
  readonly #retryCounters = new TtlCache(60 * 60_000);
  readonly #userDevices = new TtlCache(5 * 60_000);
  #auth: StoredAuthState | undefined;
  #sock: WASocket | undefined;
  #generation = 0;
  #running = false;
  #connected = false;
  #qrCount = 0;
  #attempt = 0;
  /** When recent 440s happened: an open in between does not reset them (that would be a fight). */
  #replacedAt: number[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** Serializes creds writes and close handling, so a reconnect never overtakes a creds save. */
  #work: Promise<void> = Promise.resolve();
  /** Sockets paused until the runtime's inbox drains (back-pressure). */
  readonly #paused = new WeakSet<WASocket>();
  readonly #credsRetry: CredsRetryOptions;
  readonly #in: BaileysInbound;
  constructor(
    private readonly ctx: EngineContext,
    private readonly options: BaileysEngineOptions,
  ) {
    super();
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#credsRetry = { ...DEFAULT_CREDS_RETRY, ...options.credsRetry };
    this.#in = new BaileysInbound({
      ctx,
      options,
      auth: () => this.#auth,
      emit: (sock, event) => this.#emit(sock, event),
    });
  }

  async start(): Promise<void> {
    this.#running = true;
    this.ctx.emit({ type: 'status', status: 'starting' });
    this.#auth = await loadAuthState(this.ctx.state);
    this.#connect();
    void pruneSentMedia(this.ctx.state).catch((error) =>
      this.ctx.logger.warn({ err: error }, 'baileys: could not prune kept media messages'),
    );
  }

  async stop(): Promise<void> {
    this.#halt();
    await this.#work;
    this.ctx.emit({ type: 'status', status: 'stopped' });
  }

  async logout(): Promise<void> {
    const sock = this.#connected ? this.#sock : undefined;
    this.#halt(sock);
    if (sock) {
      // Unlinks the device on the phone; best effort, the credentials go either way.
      await Promise.race([sock.logout().catch(() => undefined), delay(5000)]);
      sock.end(undefined);
    }
    await this.#work;
    if (this.#auth) await this.#auth.reset();
    else await this.ctx.state.clear();
    this.ctx.emit({ type: 'status', status: 'logged_out', reason: 'logged out through the API' });
  }

  async send(message: OutboundMessage): Promise<void> {
    const sock = this.#sock;
    if (!this.#connected || !sock) {
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    }
    // A phone number, or a group or channel id as it is.
    const group = !message.to.startsWith('+');
    const jid = group ? message.to : phoneToJid(message.to);
    const { body, waMessageId } = message;
    const sessionSecret = this.#auth?.state.creds.noiseKey.private;
    const file = 'media' in body ? await readOutboundFile(body, (id) => this.ctx.readMedia(id)) : undefined;
    let sent: WAMessage | undefined;
    try {
      const { content, quoted } = outboundContent(body, jid, { waMessageId, sessionSecret, file });
      sent = await sock.sendMessage(jid, content, { messageId: waMessageId, ...(quoted && { quoted }) });
    } catch (error) {
      throw sendError(error, this.#connected && sock === this.#sock);
    } finally {
      if (file && 'stream' in file.upload) file.upload.stream.destroy();
    }
    if (file && sent?.message) await rememberSentMedia(this.ctx, waMessageId, sent.message);
    if (!group) void this.#learnLid(sock, jid, message.to);
  }

  protected connectedSocket(): WASocket {
    const sock = this.#sock;
    if (!this.#connected || !sock) {
      throw new EngineError('SESSION_NOT_CONNECTED', 'The session is not connected.', true);
    }
    return sock;
  }

  protected isCurrent(sock: WASocket): boolean {
    return this.#connected && sock === this.#sock;
  }

  protected ownName(): string | null {
    return this.#auth?.state.creds.me?.name ?? null;
  }

  async requestPairingCode(phone: string): Promise<string> {
    const sock = this.#sock;
    if (!this.#running || this.#connected || !sock || this.#qrCount === 0) {
      throw new EngineError('SESSION_STATE_CONFLICT', 'The session is not waiting to be paired.', false);
    }
    try {
      return await sock.requestPairingCode(phone.replace(/^\+/, ''));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      throw new EngineError('PAIRING_CODE_FAILED', `WhatsApp gave no pairing code: ${text}`, true);
    }
  }

  #connect(): void {
    const auth = this.#auth;
    if (!this.#running || !auth) return;
    auth.forgetUnfinishedPairing();
    if (this.options.rootPublicKey) WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(this.options.rootPublicKey);
    const generation = ++this.#generation;
    this.#qrCount = 0;
    const logger = baileysLogger(this.options.logger ?? this.ctx.logger, this.options.logLevel ?? 'warn', {
      engine: 'baileys',
      socket: generation,
    });
    const sock = makeWASocket({
      ...(this.options.waUrl !== undefined && { waWebSocketUrl: this.options.waUrl }),
      version: [...(this.options.version ?? DEFAULT_CONNECTION_CONFIG.version)] as WAVersion,
      browser: Browsers.macOS('Chrome'),
      auth: auth.state,
      logger,
      ...(this.options.qrTimeoutMs !== undefined && { qrTimeout: this.options.qrTimeoutMs }),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: wantsHistory,
      msgRetryCounterCache: this.#retryCounters,
      ...(this.options.media?.agent && { fetchAgent: this.options.media.agent }),
      userDevicesCache: this.#userDevices,
      // Answers retry requests from the message table, but only for the chat the message went to:
      // a retry receipt from anyone else must not get a copy of it.
      getMessage: (key) =>
        retryMessage(key, {
          lookupMessage: (id) => this.ctx.lookupMessage(id),
          state: this.ctx.state,
          userJid: auth.state.creds.me?.id,
          sessionSecret: auth.state.creds.noiseKey.private,
          logger: this.ctx.logger,
        }),
    });
    this.#sock = sock;
    const current = () => this.#running && generation === this.#generation;

    sock.ev.process(async (events) => {
      if (!current()) return;
      try {
        if (events['creds.update']) this.#serially(() => this.#saveCreds(auth));
        if (events['connection.update']) this.#onConnection(sock, events['connection.update'], current);
        // Names first: a contact's push name is known before its message is stored.
        for (const event of contactEvents(events)) this.#emit(sock, event);
        if (events['messages.upsert']) await this.#in.onUpsert(sock, logger, events['messages.upsert']);
        for (const update of events['messages.update'] ?? []) {
          if (!update.key.fromMe || !update.key.id) continue;
          this.#in.emitStatus(sock, update.key.id, update.update.status, update.update.messageStubParameters);
        }
        if (events['lid-mapping.update']) this.#in.emitContact(sock, events['lid-mapping.update']);
        this.#in.onGroupEvents(sock, events, current);
        if (events['message-receipt.update'])
          this.#in.onGroupReceipts(sock, events['message-receipt.update']);
        if (events['presence.update']) {
          for (const event of presenceEvents(events['presence.update'])) this.#emit(sock, event);
        }
        for (const mapping of events['messaging-history.set']?.lidPnMappings ?? [])
          this.#in.emitContact(sock, mapping);
      } catch (error) {
        // A listener that throws would become an unhandled rejection inside Baileys.
        this.ctx.logger.error({ err: error }, 'baileys: could not handle an event');
      }
    });
    // Baileys reports no SERVER_ACK for its own sends: the raw ack is the "sent" signal.
    sock.ws.on('CB:ack,class:message', (node: { attrs: Record<string, string> }) => {
      if (!current()) return;
      const result = statusFromAck(node.attrs);
      if (!result) return;
      this.#emit(sock, { type: 'message.status', at: Date.now(), ...result });
      // A 463 is WhatsApp's reach-out timelock: ask it until when (answered as a connection.update).
      if (result.status === 'failed' && result.error.code === 'WA_463') {
        void sock
          .fetchAccountReachoutTimelock()
          .catch((error: unknown) =>
            this.ctx.logger.warn({ err: error }, 'baileys: no reach-out timelock state'),
          );
      }
    });
  }

  #onConnection(sock: WASocket, update: BaileysEventMap['connection.update'], current: () => boolean): void {
    const lock = update.reachoutTimeLock;
    if (lock) {
      const until = lock.isActive ? (lock.timeEnforcementEnds?.getTime() ?? null) : null;
      this.#emit(sock, { type: 'reach_out_lock', active: lock.isActive === true, until });
    }
    if (update.qr) {
      this.#qrCount += 1;
      const ttl = this.options.qrTimeoutMs ?? (this.#qrCount === 1 ? FIRST_QR_MS : NEXT_QR_MS);
      this.#emit(sock, { type: 'qr', qr: update.qr, expiresAt: Date.now() + ttl });
      this.#emit(sock, { type: 'status', status: 'scan_qr' });
    }
    if (update.connection === 'open') {
      this.#connected = true;
      this.#attempt = 0;
      const { phone, lid } = ownAccount(sock.user, this.#auth?.state.creds.me);
      this.#emit(sock, { type: 'status', status: 'connected', ...(phone && { phone }) });
      // The account's own LID (from pairing, refreshed by every login's <success lid>): reported like
      // a contact's, so outbound messages get it as from_lid and inbound ones as to_lid.
      if (lid && phone) this.#in.contact(sock, lid, phone);
      void fetchBlocklist(sock).then(
        (blocked) => current() && this.#emit(sock, { type: 'blocklist', blocked }),
        (error: unknown) => this.ctx.logger.warn({ err: error }, 'baileys: could not fetch the blocklist'),
      );
      // Every group the account is in: Baileys reports them as a `groups.update` of whole groups.
      void sock
        .groupFetchAllParticipating()
        .catch((error: unknown) =>
          this.ctx.logger.warn({ err: error }, 'baileys: could not fetch the groups'),
        );
    }
    if (update.connection === 'close') {
      this.#connected = false;
      const error = update.lastDisconnect?.error as
        | (Error & { output?: { statusCode?: number } })
        | undefined;
      const code = error?.output?.statusCode;
      this.#serially(() => this.#onClose(code, error?.message, current));
    }
  }

  async #onClose(code: number | undefined, message: string | undefined, current: () => boolean) {
    if (!current()) return;
    const action = decideOnClose(
      { code, message, attempt: this.#attempt, replaced: this.#recentReplacements() },
      this.#backoff,
    );
    this.ctx.logger.info(
      {
        code,
        message,
        action: action.kind,
        ...(action.kind !== 'ignore' && { reason: action.reason }),
        ...(action.kind === 'reconnect' && { delayMs: action.delayMs }),
      },
      'baileys: connection closed',
    );
    if (action.kind === 'ignore') return;
    if (action.kind === 'stop') {
      this.#halt();
      if (action.clearCredentials) await this.#auth?.reset();
      this.ctx.emit({ type: 'status', status: action.status, reason: action.reason });
      return;
    }
    if (action.counts === 'attempt') this.#attempt += 1;
    if (action.counts === 'replaced') this.#replacedAt.push(Date.now());
    if (action.status) this.ctx.emit({ type: 'status', status: action.status, reason: action.reason });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), action.delayMs);
  }

  #recentReplacements(): number {
    const since = Date.now() - REPLACED_WINDOW_MS;
    this.#replacedAt = this.#replacedAt.filter((at) => at >= since);
    return this.#replacedAt.length;
  }

  /**
   * Emits what arrived on `sock`. When the runtime's inbox is full (storage is slow or failing),
   * the socket is paused — its TCP stream is no longer read, so WhatsApp keeps further messages
   * until then — and resumed once the inbox drains. A pause longer than Baileys' keep-alive window
   * ends the socket, and the reconnect policy brings it back, paused again if need be.
   */
  #emit(sock: WASocket, event: EngineEvent): void {
    if (this.ctx.emit(event) || this.#paused.has(sock)) return;
    const ws = (sock.ws as unknown as { socket?: { pause?(): void; resume?(): void } | null }).socket;
    if (!ws?.pause || !ws.resume) return;
    this.#paused.add(sock);
    ws.pause();
    this.ctx.logger.warn({}, 'baileys: event inbox full; pausing the socket until it drains');
    void this.ctx.drained().then(() => {
      this.#paused.delete(sock);
      ws.resume?.();
    });
  }

  /** After a send Baileys knows the recipient's LID (it addresses Signal sessions by it). */
  async #learnLid(sock: WASocket, jid: string, phone: string): Promise<void> {
    try {
      const lid = jidToLid(await sock.signalRepository.lidMapping.getLIDForPN(jid));
      if (lid) this.#in.contact(sock, lid, phone);
    } catch (error) {
      this.ctx.logger.debug({ err: error }, 'baileys: no LID for a recipient');
    }
  }

  /**
   * Persists the creds after a `creds.update`, retrying a failing store. A session must never keep
   * running on keys that would not survive a restart: if they cannot be saved the session stops,
   * `failed` with reason `creds_not_saved` (or, when another node took the session, at once).
   */
  async #saveCreds(auth: StoredAuthState): Promise<void> {
    const result = await saveCredsWithRetry(() => auth.saveCreds(), this.#credsRetry, this.ctx.logger);
    if (result === 'saved' || !this.#running) return;
    this.#halt();
    this.ctx.emit(
      result === 'fenced'
        ? { type: 'status', status: 'stopped', reason: 'lease_lost' }
        : { type: 'status', status: 'failed', reason: 'creds_not_saved' },
    );
  }

  #serially(task: () => Promise<void>): void {
    this.#work = this.#work
      .then(task)
      .catch((error) => this.ctx.logger.error({ err: error }, 'baileys: background task failed'));
  }

  /** Stops reconnecting and closes the socket; events of the old socket are ignored from now on. */
  #halt(keepOpen?: WASocket): void {
    this.#running = false;
    this.#connected = false;
    this.#generation += 1;
    clearTimeout(this.#timer);
    const sock = this.#sock;
    this.#sock = undefined;
    if (sock && sock !== keepOpen) sock.end(undefined);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
