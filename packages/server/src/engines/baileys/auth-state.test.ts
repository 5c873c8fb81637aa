import { randomBytes } from 'node:crypto';
import { initAuthCreds, proto } from '@whiskeysockets/baileys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../crypto/secret-box.js';
import { createEngineStateStore } from '../../runtime/engine-state-store.js';
import type { OpenedDatabase } from '../../storage/open-database.js';
import type { Storage } from '../../storage/storage.js';
import { testDatabase, testDialects } from '../../testing/dialects.js';
import { seededStorage } from '../../testing/seed-storage.js';
import type { EngineStateStore } from '../engine.js';
import { isPaired, loadAuthState } from './auth-state.js';

describe.each(testDialects())('Baileys auth state over the engine state store on %s', (dialect) => {
  let opened: OpenedDatabase;
  let store: EngineStateStore;
  let storage: Storage;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const db = testDatabase(dialect);
    cleanup = db.cleanup;
    ({ opened, storage } = await seededStorage(db, 'baileys'));
    const lease = (await storage.leases.acquire('ses_1', 'node-a', Date.now(), 60_000))!;
    store = createEngineStateStore(storage, new SecretBox([randomBytes(32)]), 'ses_1', () => lease);
  });

  afterEach(async () => {
    await opened.close().catch(() => undefined);
    await cleanup();
  });

  it('round-trips paired creds with their Buffers', async () => {
    const first = await loadAuthState(store);
    first.state.creds.me = { id: '14155550000:1@s.whatsapp.net', lid: '1234:1@lid' };
    first.state.creds.account = {
      details: Buffer.from([1, 2, 3]),
      accountSignatureKey: Buffer.from([4, 5]),
      accountSignature: Buffer.from([6]),
      deviceSignature: Buffer.from([7]),
    };
    await first.saveCreds();

    const again = await loadAuthState(store);
    expect(isPaired(again.state.creds)).toBe(true);
    expect(again.state.creds.me?.id).toBe('14155550000:1@s.whatsapp.net');
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.from(again.state.creds.noiseKey.private)).toEqual(
      Buffer.from(first.state.creds.noiseKey.private),
    );
    expect(Buffer.from(again.state.creds.account?.details as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    expect(again.state.creds.advSecretKey).toBe(first.state.creds.advSecretKey);
  });

  it('unpaired or half-paired creds start over (a dead pairing-code attempt)', async () => {
    const first = await loadAuthState(store);
    first.state.creds.me = { id: '14155550000@s.whatsapp.net', name: '~' };
    await first.saveCreds();
    const again = await loadAuthState(store);
    expect(again.state.creds.me).toBeUndefined();
    expect(again.state.creds.advSecretKey).not.toBe(first.state.creds.advSecretKey);
  });

  it('keys: Buffers, app-state keys as protobuf objects, null deletes, one transaction per set()', async () => {
    const { state } = await loadAuthState(store);
    const appKey = proto.Message.AppStateSyncKeyData.fromObject({
      keyData: Buffer.from('secret-key-data'),
      fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 1] },
      timestamp: 1700000000,
    });
    await state.keys.set({
      'pre-key': { '1': { public: Buffer.from([1, 1]), private: Buffer.from([2, 2]) } },
      session: { 'a.0': Buffer.from([9, 9, 9]) },
      'app-state-sync-key': { AAAA: appKey },
      'lid-mapping': { '14155550000': '1234' },
    });

    const { state: reloaded } = await loadAuthState(store);
    const pre = await reloaded.keys.get('pre-key', ['1', 'missing']);
    expect(Buffer.from(pre['1']!.private)).toEqual(Buffer.from([2, 2]));
    expect(pre.missing).toBeUndefined();
    expect(Buffer.from((await reloaded.keys.get('session', ['a.0']))['a.0']!)).toEqual(
      Buffer.from([9, 9, 9]),
    );
    const app = (await reloaded.keys.get('app-state-sync-key', ['AAAA'])).AAAA!;
    expect(app).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(app.keyData!).toString()).toBe('secret-key-data');
    expect(app.fingerprint?.deviceIndexes).toEqual([0, 1]);
    expect((await reloaded.keys.get('lid-mapping', ['14155550000']))['14155550000']).toBe('1234');

    await reloaded.keys.set({ 'pre-key': { '1': null } });
    expect((await reloaded.keys.get('pre-key', ['1']))['1']).toBeUndefined();

    // Values are sealed: nothing readable in the table.
    const raw = await storage.engineState.get('ses_1', 'key:lid-mapping', ['14155550000']);
    expect(raw.get('14155550000')).not.toContain('1234');
  });

  it('one Baileys set() is one store set() (one transaction), whatever it spans', async () => {
    const calls: unknown[] = [];
    const counting: EngineStateStore = {
      ...store,
      set: (data) => {
        calls.push(data);
        return store.set(data);
      },
    };
    const { state } = await loadAuthState(counting);
    await state.keys.set({
      session: { a: Buffer.from([1]), b: null },
      'pre-key': { '5': { public: Buffer.from([1]), private: Buffer.from([2]) } },
      'sender-key-memory': { g: { x: true } },
    });
    expect(calls).toHaveLength(1);
    expect(Object.keys(calls[0] as object).sort()).toEqual([
      'key:pre-key',
      'key:sender-key-memory',
      'key:session',
    ]);
  });

  it('caches keys write-through: repeated reads skip the store, a failed write leaves no trace', async () => {
    let reads = 0;
    let failWrites = false;
    const counting: EngineStateStore = {
      ...store,
      get: (type, ids) => {
        reads++;
        return store.get(type, ids);
      },
      set: (data) => (failWrites ? Promise.reject(new Error('lease lost')) : store.set(data)),
    };
    const { state } = await loadAuthState(counting);
    const before = reads;
    await state.keys.set({ session: { s1: Buffer.from([1]) } });
    expect(Buffer.from((await state.keys.get('session', ['s1'])).s1!)).toEqual(Buffer.from([1]));
    await state.keys.get('session', ['s1']);
    expect(reads).toBe(before); // served from the cache after the write

    failWrites = true;
    await expect(state.keys.set({ session: { s1: Buffer.from([2]) } })).rejects.toThrow('lease lost');
    failWrites = false;
    // The failed value is not served: the next read goes to the store and sees the committed one.
    expect(Buffer.from((await state.keys.get('session', ['s1'])).s1!)).toEqual(Buffer.from([1]));
    expect(reads).toBe(before + 1);

    await state.keys.set({ session: { s1: null } });
    expect((await state.keys.get('session', ['s1'])).s1).toBeUndefined();
  });

  it('reads throw on storage errors instead of looking like "no credentials"', async () => {
    const first = await loadAuthState(store);
    await first.saveCreds();
    await opened.close();
    await expect(loadAuthState(store)).rejects.toThrow();
    await expect(first.state.keys.get('session', ['x'])).rejects.toThrow();
  });

  it('reset() forgets creds and keys and hands out fresh creds', async () => {
    const auth = await loadAuthState(store);
    await auth.saveCreds();
    await auth.state.keys.set({ session: { s: Buffer.from([1]) } });
    const before = auth.state.creds.advSecretKey;
    await auth.reset();
    expect(auth.state.creds.advSecretKey).not.toBe(before);
    expect(await storage.engineState.list('ses_1', 'creds')).toHaveProperty('size', 0);
    expect(await storage.engineState.list('ses_1', 'key:session')).toHaveProperty('size', 0);
    expect(initAuthCreds().advSecretKey).not.toBe(before);
  });
});
