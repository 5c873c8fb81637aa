import {
  type AuthenticationCreds,
  addTransactionCapability,
  Curve,
  DEFAULT_CONNECTION_CONFIG,
  initAuthCreds,
  proto,
  type SignalKeyStoreWithTransaction,
  type SignalRepositoryWithLIDStore,
  signedKeyPair,
  unpadRandomMax16,
} from '@whiskeysockets/baileys';
import { pino } from 'pino';
import { type BinaryNode, node, writeUInt } from '../nodes.js';
import type { KeyPair } from '../types.js';
import { makeMemoryKeyStore } from './memory-keys.js';

const silent = pino({ level: 'silent' });

/**
 * The Signal identity of a simulated primary device (device 0): an external contact's only device,
 * or an account's phone. It serves pre-key bundles so Baileys can encrypt to it, and decrypts what
 * it receives (Baileys' own libsignal repository does the work), so a `reply` contact can echo text.
 */
export class ContactSignal {
  private readonly creds: AuthenticationCreds;
  private readonly keys: SignalKeyStoreWithTransaction;
  private readonly repository: SignalRepositoryWithLIDStore;
  private nextPreKeyId = 1;

  /** `identity`: use this identity key (an account's phone uses its ADV account key). */
  constructor(identity?: KeyPair) {
    const creds = initAuthCreds();
    this.creds = identity
      ? { ...creds, signedIdentityKey: identity, signedPreKey: signedKeyPair(identity, 1) }
      : creds;
    this.keys = addTransactionCapability(makeMemoryKeyStore(), silent, {
      maxCommitRetries: 1,
      delayBetweenTriesMs: 0,
    });
    this.repository = DEFAULT_CONNECTION_CONFIG.makeSignalRepository(
      { creds: this.creds, keys: this.keys },
      silent,
      async () => [],
    );
  }

  /** The Signal registration id, which retry receipts carry. */
  get registrationId(): number {
    return this.creds.registrationId;
  }

  /** The children of a `<user>` node in an `iq encrypt <key>` answer, with a fresh one-time pre-key. */
  async bundle(): Promise<BinaryNode[]> {
    const id = this.nextPreKeyId++;
    const preKey = Curve.generateKeyPair();
    await this.keys.set({ 'pre-key': { [id]: preKey } });
    const { signedPreKey } = this.creds;
    return [
      node('registration', {}, writeUInt(this.creds.registrationId, 4)),
      node('type', {}, Buffer.from([5])),
      node('identity', {}, this.creds.signedIdentityKey.public),
      node('skey', {}, [
        node('id', {}, writeUInt(signedPreKey.keyId, 3)),
        node('value', {}, signedPreKey.keyPair.public),
        node('signature', {}, signedPreKey.signature),
      ]),
      node('key', {}, [node('id', {}, writeUInt(id, 3)), node('value', {}, preKey.public)]),
    ];
  }

  /** Takes a group sender key from a decrypted `senderKeyDistributionMessage`. */
  async processSenderKey(
    item: proto.Message.ISenderKeyDistributionMessage,
    authorJid: string,
  ): Promise<void> {
    await this.repository.processSenderKeyDistributionMessage({ item, authorJid });
  }

  /** Decrypts a group `skmsg` with a sender key taken before; undefined when it cannot. */
  async decryptGroup(
    group: string,
    authorJid: string,
    ciphertext: Uint8Array,
  ): Promise<proto.IMessage | undefined> {
    try {
      const plain = await this.repository.decryptGroupMessage({ group, authorJid, msg: ciphertext });
      return proto.Message.decode(unpadRandomMax16(plain));
    } catch {
      return undefined;
    }
  }

  /** Decrypts one `<enc>` addressed to this contact; undefined when it cannot. */
  async decrypt(
    senderJid: string,
    type: string,
    ciphertext: Uint8Array,
  ): Promise<proto.IMessage | undefined> {
    if (type !== 'pkmsg' && type !== 'msg') return undefined;
    try {
      const plain = await this.repository.decryptMessage({ jid: senderJid, type, ciphertext });
      return proto.Message.decode(unpadRandomMax16(plain));
    } catch {
      return undefined;
    }
  }
}
