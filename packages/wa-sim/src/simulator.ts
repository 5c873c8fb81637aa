import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Curve } from '@whiskeysockets/baileys';
import { WebSocketServer } from 'ws';
import { SimConnection } from './connection.js';
import type { MediaContent } from './content/types.js';
import type { SimContext } from './context.js';
import { handleControlRequest } from './control-http.js';
import { type GroupInboundOptions, injectGroupInbound } from './groups/group-messages.js';
import {
  changeGroup,
  createGroup,
  type GroupChanges,
  groupsOf,
  type ParticipantAction,
  type ParticipantResult,
  participantsAction,
  requireGroup,
} from './groups/group-ops.js';
import { disconnect, failNextSends, kick } from './handlers/faults.js';
import { type InboundOptions, injectInbound } from './handlers/inbound.js';
import { handleIq } from './handlers/iq.js';
import { enterPairingCode } from './handlers/link-code.js';
import { handleLogin } from './handlers/login.js';
import { handleMessage } from './handlers/messages.js';
import { dropRefs, type PairResult, scanQr } from './handlers/pairing.js';
import { clearReachOutLock, setReachOutLock } from './handlers/reach-out.js';
import { handleReceipt } from './handlers/receipts.js';
import { requestRetry } from './handlers/retries.js';
import { type HistoryOptions, validateHistory } from './history/generate.js';
import { noteHistoryReceipt } from './history/send-history.js';
import { decryptMedia } from './media/media-crypto.js';
import { MediaHost } from './media/media-host.js';
import { buildCertChain } from './noise/cert-chain.js';
import { handleChatstate } from './presence/chatstate.js';
import {
  handlePresence,
  type PresenceInfo,
  type PresenceType,
  presenceConnectionClosed,
  presenceInfo,
  setPresence,
} from './presence/presence.js';
import { noteKeyShareReceipt } from './profiles/app-state.js';
import { type ProfilePicture, profilePicture } from './profiles/picture.js';
import { type ProfileChanges, type ProfileInfo, profileOf, setProfile } from './profiles/profile.js';
import type { AccountInfo, ContactInfo, DeviceInfo, SimulatorState } from './simulator-types.js';
import { AccountStore } from './state/accounts.js';
import { type ContactOptions, ContactStore } from './state/contacts.js';
import { type GroupState, GroupStore, snapshotOf } from './state/groups.js';
import { accountInfo, contactInfo } from './state/info.js';
import { MessageLog } from './state/message-log.js';
import { requirePerson } from './state/people.js';
import type { KeyPair, RelayedMessage, SimLogger, UnknownNumbers } from './types.js';

export type { AccountInfo, ContactInfo, DeviceInfo, SimulatorState } from './simulator-types.js';

export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** pino-compatible logger; silent by default. */
  logger?: SimLogger;
  /**
   * What a number that is neither an account nor an added contact is: `not-on-whatsapp` (default;
   * sends to it are acked and nothing else) or `by-last-digits` (a contact is created on first
   * lookup, behaving like wagw's sandbox engine by the number's last four digits).
   */
  unknownNumbers?: UnknownNumbers;
  /** `receiptDelayMs` of the contacts `by-last-digits` creates; default 300 (the sandbox's step). */
  autoContactDelayMs?: number;
  /**
   * The HTTPS media host on `host` (a free port) that `media_conn` hands out: `true` (default) with a
   * fresh self-signed certificate, `{ key, cert }` (PEM) with your own, `false` for none.
   */
  media?: boolean | { key: string; cert: string };
}

const UNKNOWN_NUMBERS: readonly UnknownNumbers[] = ['not-on-whatsapp', 'by-last-digits'];

const silentLogger: SimLogger = { debug: () => {}, info: () => {}, warn: () => {} };

/** A running WhatsApp network simulator. See the package README for what it implements. */
export class Simulator {
  /** The WebSocket URL to give Baileys as `waWebSocketUrl`. */
  readonly url: string;
  /** Base URL of the HTTP control API (`/control/...`). */
  readonly controlUrl: string;
  readonly port: number;
  /** Root of the simulator's noise certificate chain (32-byte Curve25519 public key). */
  readonly rootPublicKey: Buffer<ArrayBuffer>;
  /** What numbers that are neither accounts nor added contacts are (`SimulatorOptions.unknownNumbers`). */
  readonly unknownNumbers: UnknownNumbers;
  /**
   * The media host: `hostname` (`host:port`, what `media_conn` answers) and `ca`, the PEM certificate
   * a client must trust, e.g. `fetchAgent: new https.Agent({ ca })` for uploads. Undefined with
   * `media: false`.
   */
  readonly media: { hostname: string; ca: string } | undefined;
  private readonly ctx: SimContext;
  private readonly connections = new Set<SimConnection>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Use `startSimulator()`. */
  constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    root: KeyPair,
    logger: SimLogger,
    settings: { unknownNumbers: UnknownNumbers; autoContactDelayMs: number; media: MediaHost | undefined },
  ) {
    const { port, address } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    this.port = port;
    this.url = `ws://${host}:${port}/ws/chat`;
    this.controlUrl = `http://${host}:${port}/control`;
    this.rootPublicKey = Buffer.from(root.public);
    this.unknownNumbers = settings.unknownNumbers;
    this.media = settings.media && { hostname: settings.media.hostname, ca: settings.media.ca };
    this.ctx = {
      httpUrl: `http://${host}:${port}`,
      media: settings.media,
      accounts: new AccountStore(),
      contacts: new ContactStore(),
      groups: new GroupStore(),
      log: new MessageLog(),
      logger,
      pairingRefs: new Map(),
      codePairings: new Map(),
      codeWaiters: new Map(),
      unknownNumbers: settings.unknownNumbers,
      autoContactDelayMs: settings.autoContactDelayMs,
      schedule: (fn, delayMs) => {
        if (this.closed) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          fn();
        }, delayMs);
        this.timers.add(timer);
      },
    };
    const serverStatic = Curve.generateKeyPair();
    const certChain = buildCertChain(root, serverStatic);
    const handlers = {
      onLogin: (conn: SimConnection, payload: Parameters<typeof handleLogin>[2]) =>
        handleLogin(this.ctx, conn, payload),
      onNode: (conn: SimConnection, stanza: Parameters<typeof handleIq>[2]) => this.onNode(conn, stanza),
      onClose: (conn: SimConnection) => this.onClose(conn),
    };
    wss.on('connection', (ws) => {
      this.connections.add(new SimConnection(ws, serverStatic, certChain, handlers, logger));
    });
  }

  /**
   * Creates an account with no devices (idempotent). `history`: what its phone holds (contacts, chats,
   * past messages, generated from a seed), sent by history sync to every device linked from now on.
   */
  createAccount(options: { phone: string; history?: HistoryOptions }): AccountInfo {
    if (options.history) validateHistory(options.history);
    const account = this.ctx.accounts.create(options.phone);
    if (options.history) account.history = { ...options.history };
    return accountInfo(this.ctx, account.phone);
  }

  /**
   * Adds an external contact, or changes an existing one's behaviour (also one that
   * `unknownNumbers: 'by-last-digits'` created; its identity is kept).
   */
  addContact(options: ContactOptions): ContactInfo {
    const c = this.ctx.contacts.upsert(options);
    return contactInfo(this.ctx, c.phone);
  }

  /**
   * The simulated phone scans a QR from Baileys' `connection.update`: pairs a new device of the
   * account (created if absent; a random number when `phone` is omitted) and restarts the client's
   * stream with 515. Resolves once the client has accepted the pairing.
   */
  scanQr(qr: string, options: { phone?: string } = {}): Promise<PairResult> {
    return scanQr(this.ctx, qr, options.phone);
  }

  /**
   * The phone of `phone` enters the 8-character code a client shows after
   * `sock.requestPairingCode(phone)` (dashes, spaces and case are ignored): pairs a new device of
   * the account (created if absent) like `scanQr` does, then restarts the client's stream with 515.
   * Waits up to 2 s for a request still on its way; rejects for a wrong code (the request stays
   * open for another try) or when no code was requested for the number.
   */
  enterPairingCode(phone: string, code: string): Promise<PairResult> {
    return enterPairingCode(this.ctx, phone, code);
  }

  /**
   * A message from an external number to an account, delivered as `<plaintext>`: a `text`, or
   * `content` of any inbound type (text with reply/mentions, location, contact(s), poll, reaction,
   * edit, revoke, poll vote). Throws for invalid content or a target that is not in the log.
   */
  injectInbound(options: InboundOptions): { id: string } {
    return injectInbound(this.ctx, options);
  }

  /** The phone numbers (digits) an account blocked, through `updateBlockStatus` of its devices. */
  blocklistOf(phone: string): string[] {
    const account = this.ctx.accounts.get(phone);
    if (!account) throw new Error(`unknown account: ${phone}`);
    return [...account.blocklist].sort();
  }

  /** Kicks all connected devices of an account (401 also removes the devices). */
  kick(phone: string, code: number): number {
    return kick(this.ctx, phone, code);
  }

  /** Abruptly closes all connections of an account. */
  disconnect(phone: string): number {
    return disconnect(this.ctx, phone);
  }

  /** Fails the account's next `count` sends with ack `error=code`. */
  failNextSends(phone: string, code: number, count: number): void {
    failNextSends(this.ctx, phone, code, count);
  }

  /**
   * The recipient of the message `id` (a contact, or an account's simulated phone) asks the sending
   * device for it again with a retry receipt, as a WhatsApp client does when it cannot decrypt a
   * message. Baileys re-encrypts what `getMessage` (or its cache of recent sends) returns and sends it
   * again with the same id: the copy shows in the message's `resends`, and a contact then reacts to
   * it (receipts it already sent are not repeated). Queued if the sending device is offline. Throws
   * for an unknown id, a message from a contact, or a send that was refused.
   */
  requestRetry(id: string): void {
    requestRetry(this.ctx, id);
  }

  /**
   * The plaintext of media on the simulator's host, e.g. what an account uploaded: give the logged
   * `content` (its `directPath` and `mediaKey`). Throws when the host does not have it or the key
   * does not open it.
   */
  downloadMedia(content: Pick<MediaContent, 'type' | 'directPath' | 'mediaKey'>): Buffer {
    const file = content.directPath ? this.ctx.media?.get(content.directPath) : undefined;
    if (!file || !content.mediaKey) throw new Error(`no media at ${content.directPath ?? '(no directPath)'}`);
    return decryptMedia(file, Buffer.from(content.mediaKey, 'base64'), content.type);
  }

  /**
   * Makes the media host answer every download of the file at `directPath` (a logged media
   * `content`'s) with HTTP `status` (default 500), so a client's download of it fails.
   */
  failMediaDownloads(directPath: string, status = 500): void {
    if (!this.ctx.media) throw new Error('the simulator runs without a media host');
    this.ctx.media.failDownloads(directPath, status);
  }

  /**
   * Creates a group owned (superadmin) by `owner` (an account or contact) with `participants`
   * (numbers not on the simulated network are left out); member accounts' devices get the create
   * notification (Baileys: `groups.upsert`).
   */
  createGroup(options: { owner: string; subject: string; participants: string[] }): { id: string } {
    return { id: createGroup(this.ctx, options.owner, options.subject, options.participants).group.id };
  }

  /** A snapshot of a group; throws for an unknown id. */
  group(id: string): GroupState {
    return snapshotOf(requireGroup(this.ctx, id));
  }

  /** Ids of the groups `phone` is a member of. */
  groupsOf(phone: string): string[] {
    return groupsOf(this.ctx, phone);
  }

  /**
   * An admin `by` (account or contact) adds, removes, promotes or demotes `participants`; member
   * accounts get `group-participants.update`. Per-participant status as WhatsApp answers it (200,
   * 403 not on WhatsApp / the creator, 404 not a member, 409 already one); throws when `by` is no admin.
   */
  groupAction(
    id: string,
    options: { by: string; action: ParticipantAction; participants: string[] },
  ): ParticipantResult[] {
    return participantsAction(
      this.ctx,
      requireGroup(this.ctx, id),
      options.by,
      options.action,
      options.participants,
    );
  }

  /** `by` changes the subject, description, announce or locked setting (each notified: `groups.update`). */
  updateGroup(id: string, options: { by: string } & GroupChanges): GroupState {
    return changeGroup(this.ctx, id, options);
  }

  /** A member contact sends a text to a group; member accounts get it with `key.participant` = the contact. */
  injectGroupInbound(options: GroupInboundOptions): { id: string } {
    return injectGroupInbound(this.ctx, options);
  }

  /**
   * WhatsApp's reach-out timelock: until `until`, the account's sends to 1:1 chats it never exchanged
   * a message with are acked with error 463 and dropped; its devices get `reachoutTimeLock` updates
   * when it starts and lifts.
   */
  setReachOutLock(phone: string, options: { until: Date }): void {
    setReachOutLock(this.ctx, phone, options.until);
  }

  /** Lifts a reach-out lock now. */
  clearReachOutLock(phone: string): void {
    clearReachOutLock(this.ctx, phone);
  }

  /**
   * Sets an account's or contact's presence (an account's devices also set it with
   * `sendPresenceUpdate`); every device subscribed to it (`presenceSubscribe`) gets
   * `<presence type last>` (`presence.update`). Throws for a number that is neither.
   */
  setPresence(phone: string, presence: PresenceType): PresenceInfo {
    return setPresence(this.ctx, phone, presence);
  }

  /** An account's or contact's presence, last seen, subscribers and the chat states sent to it. */
  presenceOf(phone: string): PresenceInfo {
    return presenceInfo(this.ctx, requirePerson(this.ctx, phone));
  }

  /**
   * Changes an account's or contact's push name, about text (`fetchStatus`) and profile picture
   * (`profilePictureUrl`; `null` removes it). An account's name is synced to its devices as app
   * state (`creds.me.name`). Throws for a number that is neither, or an invalid value.
   */
  setProfile(phone: string, changes: ProfileChanges): ProfileInfo {
    return setProfile(this.ctx, phone, changes);
  }

  /** An account's or contact's push name, about text and picture (id, url, size). */
  profile(phone: string): ProfileInfo {
    return profileOf(this.ctx, phone);
  }

  /** The picture of a phone number or a group (`…@g.us`) with its bytes; undefined when it has none. */
  profilePicture(phoneOrGroup: string): ProfilePicture | undefined {
    return profilePicture(this.ctx, phoneOrGroup);
  }

  /** Paired devices of an account (empty if the account does not exist). */
  devices(phone: string): DeviceInfo[] {
    return this.ctx.accounts.get(phone) ? accountInfo(this.ctx, phone).devices : [];
  }

  /** A copy of the log of relayed and injected messages, oldest first. */
  messages(): RelayedMessage[] {
    return this.ctx.log.list();
  }

  state(): SimulatorState {
    return {
      url: this.url,
      unknownNumbers: this.unknownNumbers,
      ...(this.media ? { media: { ...this.media } } : {}),
      accounts: this.ctx.accounts.all().map((a) => accountInfo(this.ctx, a.phone)),
      contacts: this.ctx.contacts.all().map((c) => contactInfo(this.ctx, c.phone)),
      groups: this.ctx.groups.all().map(snapshotOf),
      messages: this.messages(),
    };
  }

  /** Drops every connection, cancels pending receipts and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const conn of this.connections) conn.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.ctx.media?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onNode(conn: SimConnection, stanza: Parameters<typeof handleIq>[2]): Promise<void> {
    switch (stanza.tag) {
      case 'iq':
        return handleIq(this.ctx, conn, stanza);
      case 'message':
        return handleMessage(this.ctx, conn, stanza);
      case 'receipt':
        if (stanza.attrs.type === 'hist_sync') noteHistoryReceipt(this.ctx, conn, stanza);
        if (stanza.attrs.type === 'peer_msg') noteKeyShareReceipt(this.ctx, conn, stanza);
        return handleReceipt(this.ctx, conn, stanza);
      case 'presence':
        return handlePresence(this.ctx, conn, stanza);
      case 'chatstate':
        return handleChatstate(this.ctx, conn, stanza);
      default:
        // ack, ib (unified_session), call: nothing to do.
        return;
    }
  }

  private onClose(conn: SimConnection): void {
    this.connections.delete(conn);
    dropRefs(this.ctx, conn);
    presenceConnectionClosed(this.ctx, conn);
    const [phone, id] = (conn.deviceKey ?? '').split(':');
    const device = phone ? this.ctx.accounts.get(phone)?.devices.get(Number(id)) : undefined;
    if (device?.conn === conn) device.conn = undefined;
  }
}

/** Starts a simulator listening on `host:port` (WebSocket at `/ws/chat`, control API at `/control`). */
export const startSimulator = async (options: SimulatorOptions = {}): Promise<Simulator> => {
  const logger = options.logger ?? silentLogger;
  const unknownNumbers = options.unknownNumbers ?? 'not-on-whatsapp';
  if (!UNKNOWN_NUMBERS.includes(unknownNumbers)) throw new Error(`unknown unknownNumbers: ${unknownNumbers}`);
  const autoContactDelayMs = options.autoContactDelayMs ?? 300;
  if (!Number.isFinite(autoContactDelayMs) || autoContactDelayMs < 0) {
    throw new Error('autoContactDelayMs must be >= 0');
  }
  const media =
    options.media === false
      ? undefined
      : await MediaHost.start(
          options.host ?? '127.0.0.1',
          options.media === true ? undefined : options.media,
        );
  const wss = new WebSocketServer({ noServer: true });
  let simulator: Simulator | undefined;
  const server = createServer((req, res) => {
    if (!simulator) {
      res.writeHead(503).end();
      return;
    }
    handleControlRequest(simulator, req, res).catch((err: unknown) => {
      logger.warn({ err }, 'control request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws/chat') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await media?.close();
    throw err;
  });
  simulator = new Simulator(server, wss, Curve.generateKeyPair(), logger, {
    unknownNumbers,
    autoContactDelayMs,
    media,
  });
  return simulator;
};
