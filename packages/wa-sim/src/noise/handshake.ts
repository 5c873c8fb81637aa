import { createHash, createHmac } from 'node:crypto';
import { aesDecryptGCM, aesEncryptGCM, Curve, NOISE_MODE, proto } from '@whiskeysockets/baileys';
import type { KeyPair } from '../types.js';
import { ivFor, NoiseTransport } from './transport.js';

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** RFC 5869 HKDF-SHA256 producing 64 bytes, split into two 32-byte keys. */
const hkdfPair = (ikm: Uint8Array, salt: Buffer): [Buffer, Buffer] => {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const t1 = createHmac('sha256', prk)
    .update(Buffer.from([1]))
    .digest();
  const t2 = createHmac('sha256', prk)
    .update(Buffer.concat([t1, Buffer.from([2])]))
    .digest();
  return [t1, t2];
};

export interface HandshakeResult {
  /** The client's static (noise) public key, 32 bytes. */
  clientStatic: Buffer;
  payload: proto.ClientPayload;
  transport: NoiseTransport;
}

/**
 * The responder side of WhatsApp's Noise XX handshake, mirroring Baileys' initiator
 * (`Utils/noise-handler.js`): e·e, s(server)·e(client), e(server)·s(client), then split.
 */
export class NoiseHandshake {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private readonly ephemeral: KeyPair = Curve.generateKeyPair();

  constructor(
    prologue: Buffer,
    private readonly serverStatic: KeyPair,
    private readonly certChain: Uint8Array,
  ) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.length === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
    this.authenticate(prologue);
  }

  /** Consumes the clientHello frame and returns the serverHello frame payload. */
  serverHello(frame: Buffer): Uint8Array {
    const clientEphemeral = proto.HandshakeMessage.decode(frame).clientHello?.ephemeral;
    if (clientEphemeral?.length !== 32) throw new Error('missing client ephemeral key');
    this.clientEphemeral = Buffer.from(clientEphemeral);
    this.authenticate(this.clientEphemeral);
    this.authenticate(this.ephemeral.public);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, this.clientEphemeral));
    const staticEnc = this.encrypt(this.serverStatic.public);
    this.mixIntoKey(Curve.sharedKey(this.serverStatic.private, this.clientEphemeral));
    const payloadEnc = this.encrypt(this.certChain);
    return proto.HandshakeMessage.encode({
      serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload: payloadEnc },
    }).finish();
  }

  /** Consumes the clientFinish frame; the returned transport is ready for binary nodes. */
  clientFinish(frame: Buffer): HandshakeResult {
    const finish = proto.HandshakeMessage.decode(frame).clientFinish;
    if (!finish?.static || !finish.payload) throw new Error('missing client finish');
    const clientStatic = this.decrypt(finish.static);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, clientStatic));
    const payload = proto.ClientPayload.decode(this.decrypt(finish.payload));
    const [clientWrite, clientRead] = hkdfPair(Buffer.alloc(0), this.salt);
    return { clientStatic, payload, transport: new NoiseTransport(clientRead, clientWrite) };
  }

  private clientEphemeral = Buffer.alloc(0);

  private authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mixIntoKey(data: Uint8Array): void {
    const [write, read] = hkdfPair(data, this.salt);
    this.salt = write;
    this.key = read;
    this.counter = 0;
  }

  private encrypt(plaintext: Uint8Array): Buffer {
    const out = aesEncryptGCM(plaintext, this.key, ivFor(this.counter++), this.hash);
    this.authenticate(out);
    return out;
  }

  private decrypt(ciphertext: Uint8Array): Buffer {
    const out = aesDecryptGCM(ciphertext, this.key, ivFor(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return out;
  }
}
