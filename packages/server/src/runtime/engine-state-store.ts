import type { SecretBox } from '../crypto/secret-box.js';
import type { EngineStateStore } from '../engines/engine.js';
import type { Lease } from '../storage/repositories/leases-repo.js';
import type { Storage } from '../storage/storage.js';
import { leaseFence } from './lease-fence.js';

export { LeaseLostError } from './lease-fence.js';

/**
 * The engine's key/value state: every value is sealed with AES-256-GCM bound to its row, each
 * `set()` is one transaction, and writes are fenced by the session lease so a paused process that
 * lost the session can never overwrite its new owner's credentials. Reads throw on storage errors.
 */
export function createEngineStateStore(
  storage: Storage,
  box: SecretBox,
  sessionId: string,
  lease: () => Lease,
): EngineStateStore {
  const aad = (type: string, id: string) => `engine-state:${sessionId}:${type}:${id}`;
  const fence = leaseFence(lease);
  const open = <T>(type: string, id: string, sealed: string): T =>
    JSON.parse(box.decryptString(sealed, aad(type, id))) as T;

  return {
    async get<T>(type: string, ids: readonly string[]) {
      const rows = await storage.engineState.get(sessionId, type, ids);
      const out: Record<string, T | undefined> = {};
      for (const id of ids) {
        const sealed = rows.get(id);
        out[id] = sealed === undefined ? undefined : open<T>(type, id, sealed);
      }
      return out;
    },
    async list<T>(type: string) {
      const rows = await storage.engineState.list(sessionId, type);
      const out: Record<string, T> = {};
      for (const [id, sealed] of rows) out[id] = open<T>(type, id, sealed);
      return out;
    },
    async set(data) {
      const now = Date.now();
      await storage.transaction(async (tx) => {
        await fence(tx);
        for (const [type, entries] of Object.entries(data)) {
          for (const [id, value] of Object.entries(entries)) {
            if (value === null || value === undefined) await tx.engineState.remove(sessionId, type, id);
            else
              await tx.engineState.put(
                sessionId,
                type,
                id,
                box.encrypt(JSON.stringify(value), aad(type, id)),
                now,
              );
          }
        }
      });
    },
    async clear() {
      await storage.transaction(async (tx) => {
        await fence(tx);
        await tx.engineState.clear(sessionId);
      });
    },
  };
}
