import type { Agent } from 'node:https';
import type { EngineLogger } from '../engine.js';
import type { BaileysLogLevel } from './baileys-logger.js';
import type { CredsRetryOptions } from './creds-saver.js';
import type { BackoffOptions } from './reconnect-policy.js';

/** How the Baileys engine connects, logs and retries. */
export interface BaileysEngineOptions {
  /** WhatsApp's WebSocket URL; default Baileys' own (wss://web.whatsapp.com/ws/chat). */
  waUrl?: string | undefined;
  /**
   * The root key WhatsApp's noise certificate chain must lead to, for a simulator. Baileys keeps it
   * in a module-level constant, so it applies to every socket of this process.
   */
  rootPublicKey?: Uint8Array | undefined;
  /** The WhatsApp Web version to announce; default the one this Baileys release ships with. */
  version?: readonly [number, number, number] | undefined;
  /** Base logger for Baileys' own logs; default each session's engine logger. */
  logger?: EngineLogger | undefined;
  /** Level of Baileys' own logs (default warn). */
  logLevel?: BaileysLogLevel | undefined;
  backoff?: Partial<BackoffOptions> | undefined;
  /** How long each QR code is shown; default 60 s for the first, 20 s for each refresh. */
  qrTimeoutMs?: number | undefined;
  /** Retries of a failing creds save before the session stops (default 5 attempts from 250 ms). */
  credsRetry?: Partial<CredsRetryOptions> | undefined;
  /**
   * Media HTTP, for a media host with its own CA (a simulator's): `agent` carries uploads (Baileys'
   * `fetchAgent`), `dispatcher`, an undici Dispatcher for `fetch`, downloads. Default Node's, which
   * trusts the public CAs WhatsApp's hosts use.
   */
  media?: { agent?: Agent | undefined; dispatcher?: object | undefined } | undefined;
}
