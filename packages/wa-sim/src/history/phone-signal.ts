import {
  addTransactionCapability,
  DEFAULT_CONNECTION_CONFIG,
  encodeWAMessage,
  generateSignalPubKey,
  initAuthCreds,
  type proto,
  type SignalRepositoryWithLIDStore,
  signedKeyPair,
} from '@whiskeysockets/baileys';
import { pino } from 'pino';
import type { Device } from '../state/accounts.js';
import { makeMemoryKeyStore } from '../state/memory-keys.js';
import type { KeyPair } from '../types.js';

const silent = pino({ level: 'silent' });

/**
 * What an account's phone (device 0) needs to send its own linked devices encrypted messages (the
 * history sync notifications): a Signal repository with the account's identity key and the
 * registration id its pre-key bundles announce. Sessions to each device are built from the device's
 * registration bundle and one of the one-time pre-keys it uploaded, as a sender's client does.
 */
export class PhoneSignal {
  private readonly repository: SignalRepositoryWithLIDStore;
  private readonly sessions = new Set<string>();
  /** Encryptions run one at a time: history and app-state keys may go to one device at once. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(identity: KeyPair, registrationId: number) {
    const creds = {
      ...initAuthCreds(),
      registrationId,
      signedIdentityKey: identity,
      signedPreKey: signedKeyPair(identity, 1),
    };
    const keys = addTransactionCapability(makeMemoryKeyStore(), silent, {
      maxCommitRetries: 1,
      delayBetweenTriesMs: 0,
    });
    this.repository = DEFAULT_CONNECTION_CONFIG.makeSignalRepository({ creds, keys }, silent, async () => []);
  }

  /** Encrypts `message` for `device` (addressed as `jid`): a `pkmsg` until the device answers, as Signal does. */
  encrypt(
    jid: string,
    device: Device,
    message: proto.IMessage,
  ): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Uint8Array }> {
    const run = this.chain.then(() => this.encryptNow(jid, device, message));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async encryptNow(
    jid: string,
    device: Device,
    message: proto.IMessage,
  ): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Uint8Array }> {
    if (!this.sessions.has(jid)) {
      const preKey = device.preKeys.shift();
      await this.repository.injectE2ESession({
        jid,
        session: {
          registrationId: device.registrationId,
          identityKey: generateSignalPubKey(device.identityKey),
          signedPreKey: {
            keyId: device.signedPreKey.id,
            publicKey: generateSignalPubKey(device.signedPreKey.value),
            signature: device.signedPreKey.signature,
          },
          ...(preKey && { preKey: { keyId: preKey.id, publicKey: generateSignalPubKey(preKey.value) } }),
        },
      });
      this.sessions.add(jid);
    }
    return this.repository.encryptMessage({ jid, data: encodeWAMessage(message) });
  }
}
