import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from '@whiskeysockets/baileys';

type KeyType = keyof SignalDataTypeMap;

/** A Map-backed Signal key store (values kept as objects, never serialised). */
export const makeMemoryKeyStore = (): SignalKeyStore => {
  const data = new Map<string, Map<string, unknown>>();
  return {
    get: async <T extends KeyType>(type: T, ids: string[]) => {
      const bucket = data.get(type);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        const value = bucket?.get(id);
        if (value !== undefined) out[id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    set: async (set: SignalDataSet) => {
      for (const [type, values] of Object.entries(set)) {
        let bucket = data.get(type);
        if (!bucket) {
          bucket = new Map();
          data.set(type, bucket);
        }
        for (const [id, value] of Object.entries(values ?? {})) {
          if (value === null || value === undefined) bucket.delete(id);
          else bucket.set(id, value);
        }
      }
    },
    clear: async () => {
      data.clear();
    },
  };
};
