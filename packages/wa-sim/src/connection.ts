import { decodeBinaryNode, encodeBinaryNode, type proto } from '@whiskeysockets/baileys';
import type { WebSocket } from 'ws';
import { encodeFrame, FrameDecoder, NOISE_INTRO } from './frames.js';
import { type BinaryNode, node } from './nodes.js';
import { NoiseHandshake } from './noise/handshake.js';
import type { NoiseTransport } from './noise/transport.js';
import type { KeyPair, SimLogger } from './types.js';

export interface ConnectionHandlers {
  /** Called once the handshake is complete; decides between registration and login. */
  onLogin(conn: SimConnection, payload: proto.ClientPayload): void;
  onNode(conn: SimConnection, stanza: BinaryNode): void | Promise<void>;
  onClose(conn: SimConnection): void;
}

/** How long a kicked client gets to close the socket itself before the server drops it. */
const KICK_GRACE_MS = 2_000;

/**
 * One client WebSocket: framing, Noise handshake, then encrypted binary nodes in both directions.
 * Incoming nodes are decoded and handled strictly in order.
 */
export class SimConnection {
  /** `phone:device` once logged in (or registered). */
  deviceKey: string | undefined;
  /** Whether the client has sent `passive active` (offline stanzas are held until then). */
  active = false;
  clientStatic: Buffer = Buffer.alloc(0);
  closed = false;
  private readonly decoder = new FrameDecoder();
  private handshake: NoiseHandshake | undefined;
  private transport: NoiseTransport | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pendingIqs = new Map<string, (stanza: BinaryNode) => void>();
  private iqCounter = 0;

  constructor(
    private readonly ws: WebSocket,
    serverStatic: KeyPair,
    certChain: Uint8Array,
    private readonly handlers: ConnectionHandlers,
    private readonly logger: SimLogger,
  ) {
    this.handshake = new NoiseHandshake(NOISE_INTRO, serverStatic, certChain);
    ws.on('message', (data: Buffer) => this.onData(data));
    ws.on('close', () => this.markClosed());
    ws.on('error', () => this.markClosed());
  }

  /** Encrypts and sends a node; silently ignored once the socket is gone. */
  send(stanza: BinaryNode): void {
    if (this.closed || !this.transport) return;
    this.ws.send(encodeFrame(this.transport.encrypt(encodeBinaryNode(stanza))));
  }

  /** Sends an iq originated by the server and resolves with the client's answer. */
  query(stanza: BinaryNode, timeoutMs = 15_000): Promise<BinaryNode> {
    const id = stanza.attrs.id ?? `sim-${++this.iqCounter}`;
    stanza.attrs.id = id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingIqs.delete(id);
        reject(new Error(`iq ${id} timed out`));
      }, timeoutMs);
      this.pendingIqs.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.send(stanza);
    });
  }

  /** Sends a terminal stanza (stream error, failure) and lets the client close; drops it later if not. */
  kick(stanza: BinaryNode): void {
    this.send(stanza);
    const timer = setTimeout(() => this.terminate(), KICK_GRACE_MS);
    timer.unref();
    this.markClosed();
  }

  /** Closes the TCP connection without any goodbye: the client sees a transient failure. */
  terminate(): void {
    this.markClosed();
    this.ws.terminate();
  }

  streamError(code: number): void {
    const content = code === 440 ? [node('conflict', { type: 'replaced' })] : undefined;
    this.kick(node('stream:error', { code: String(code) }, content));
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const resolve of this.pendingIqs.values()) resolve(node('iq', { type: 'error' }));
    this.pendingIqs.clear();
    this.handlers.onClose(this);
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.decoder.push(data);
    } catch (err) {
      this.logger.warn({ err }, 'bad frame stream, closing');
      this.terminate();
      return;
    }
    for (const frame of frames) {
      this.chain = this.chain
        .then(() => this.onFrame(frame))
        .catch((err) => {
          this.logger.warn({ err }, 'error handling frame, closing');
          this.terminate();
        });
    }
  }

  private async onFrame(frame: Buffer): Promise<void> {
    if (this.closed) return;
    if (this.transport) {
      const stanza = await decodeBinaryNode(this.transport.decrypt(frame));
      const pending =
        stanza.tag === 'iq' && stanza.attrs.id ? this.pendingIqs.get(stanza.attrs.id) : undefined;
      if (pending && (stanza.attrs.type === 'result' || stanza.attrs.type === 'error')) {
        this.pendingIqs.delete(stanza.attrs.id as string);
        pending(stanza);
        return;
      }
      await this.handlers.onNode(this, stanza);
      return;
    }
    const handshake = this.handshake;
    if (!handshake) return;
    if (this.clientStatic.length === 0 && !this.helloDone) {
      this.helloDone = true;
      this.ws.send(encodeFrame(handshake.serverHello(frame)));
      return;
    }
    const result = handshake.clientFinish(frame);
    this.handshake = undefined;
    this.clientStatic = result.clientStatic;
    this.transport = result.transport;
    this.handlers.onLogin(this, result.payload);
  }

  private helloDone = false;
}
