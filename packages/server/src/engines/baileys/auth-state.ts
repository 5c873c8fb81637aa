import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { EngineStateStore } from '../engine.js';
import { TtlCache } from './ttl-cache.js';

const CREDS_TYPE = 'creds';
const CREDS_ID = 'main';
const keyType = (type: string) => `key:${type}`;

/** Values are stored as BufferJSON text, so Buffers and Uint8Arrays survive the JSON round trip. */
export const serialize = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
export const deserialize = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

export interface StoredAuthState {
  state: AuthenticationState;
  /** Persists the whole creds object (call on every `creds.update`). */
  saveCreds(): Promise<void>;
  /** Forgets creds and keys, and starts over with fresh creds in memory. */
  reset(): Promise<void>;
  /** Before a new socket: creds of a pairing-code attempt that never finished cannot log in. */
  forgetUnfinishedPairing(): void;
}

/** "Paired" means the account finished linking; a half-done pairing-code attempt has `me` only. */
export function isPaired(creds: AuthenticationCreds): boolean {
  return Boolean(creds.me?.id && creds.account);
}

/**
 * Baileys' auth state over the engine state store (encrypted, lease-fenced, atomic per `set()`).
 * Reads propagate storage errors: a failed read must never make Baileys mint fresh credentials
 * and overwrite the real ones.
 */
export async function loadAuthState(store: EngineStateStore): Promise<StoredAuthState> {
  const { [CREDS_ID]: stored } = await store.get<string>(CREDS_TYPE, [CREDS_ID]);
  let creds = stored === undefined ? initAuthCreds() : deserialize<AuthenticationCreds>(stored);
  // A pairing-code attempt that died midway leaves `me` without `account`: those creds can never
  // log in, so start over.
  if (stored !== undefined && !isPaired(creds)) creds = initAuthCreds();

  // Write-through cache of decrypted keys (Signal sessions are read on every message). Only this
  // session's lease holder writes these rows, and the cache changes only after a committed write.
  const cache = new TtlCache(5 * 60_000, 5000);
  const cacheKey = (type: string, id: string) => `${type}/${id}`;
  const forEachEntry = (data: SignalDataSet, fn: (type: string, id: string, value: unknown) => void) => {
    for (const [type, entries] of Object.entries(data)) {
      for (const [id, value] of Object.entries(entries ?? {})) fn(type, id, value);
    }
  };

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      const missing: string[] = [];
      for (const id of ids) {
        const hit = cache.get<SignalDataTypeMap[T]>(cacheKey(type, id));
        if (hit === undefined) missing.push(id);
        else out[id] = hit;
      }
      if (missing.length === 0) return out;
      const rows = await store.get<string>(keyType(type), missing);
      for (const id of missing) {
        const text = rows[id];
        if (text === undefined) continue;
        let value = deserialize<SignalDataTypeMap[T]>(text);
        if (type === 'app-state-sync-key') {
          value = proto.Message.AppStateSyncKeyData.fromObject(
            value as object,
          ) as unknown as SignalDataTypeMap[T];
        }
        cache.set(cacheKey(type, id), value);
        out[id] = value;
      }
      return out;
    },
    async set(data: SignalDataSet) {
      const changes: Record<string, Record<string, string | null>> = {};
      forEachEntry(data, (type, id, value) => {
        changes[keyType(type)] ??= {};
        changes[keyType(type)]![id] = value === null || value === undefined ? null : serialize(value);
      });
      try {
        await store.set(changes);
      } catch (error) {
        forEachEntry(data, (type, id) => cache.del(cacheKey(type, id)));
        throw error;
      }
      forEachEntry(data, (type, id, value) => {
        if (value === null || value === undefined) cache.del(cacheKey(type, id));
        else cache.set(cacheKey(type, id), value);
      });
    },
    async clear() {
      cache.flushAll();
      await store.clear();
    },
  };

  const state: AuthenticationState = { creds, keys };
  return {
    state,
    async saveCreds() {
      await store.set({ [CREDS_TYPE]: { [CREDS_ID]: serialize(state.creds) } });
    },
    async reset() {
      cache.flushAll();
      await store.clear();
      state.creds = initAuthCreds();
    },
    forgetUnfinishedPairing() {
      if (state.creds.me && !isPaired(state.creds)) state.creds = initAuthCreds();
    },
  };
}
