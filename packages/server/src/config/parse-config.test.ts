import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config-from-env.js';
import { parseConfig } from './parse-config.js';

describe('parseConfig', () => {
  it('fills defaults and freezes the result', () => {
    const config = parseConfig({});
    expect(config.dataDir).toBe('./.wagw');
    expect(config.port).toBe(3000);
    expect(config.webhooks.allowPrivateTargets).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.webhooks)).toBe(true);
  });

  it('rejects unknown keys and bad values with a coded error instead of defaulting', () => {
    expect(() => parseConfig({ prot: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => parseConfig({ port: 70000 })).toThrow(/port/);
    expect(() => parseConfig({ databaseUrl: 'mysql://x' })).toThrow(/databaseUrl/);
  });

  it('reads WAGW_* variables only when asked to', () => {
    const input = configFromEnv({
      WAGW_PORT: '8080',
      WAGW_DATABASE_URL: 'postgres://x/y',
      WAGW_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    expect(parseConfig(input)).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://x/y',
      webhooks: { allowPrivateTargets: true },
    });
    expect(() => parseConfig(configFromEnv({ WAGW_PORT: 'abc' }))).toThrow(/port/);
  });

  it('configures the baileys engine: WhatsApp URL, simulator root key, backoff', () => {
    const config = parseConfig(
      configFromEnv({ WAGW_WA_URL: 'ws://127.0.0.1:9000/ws/chat', WAGW_WA_ROOT_PUBLIC_KEY: 'ab'.repeat(32) }),
    );
    expect(config).toMatchObject({
      waUrl: 'ws://127.0.0.1:9000/ws/chat',
      baileys: {
        rootPublicKey: 'ab'.repeat(32),
        backoffBaseMs: 1000,
        backoffMaxMs: 60_000,
        replacedBackoffMs: 30_000,
      },
    });
    expect(parseConfig({}).waUrl).toBeUndefined();
    expect(() => parseConfig({ waUrl: 'http://x' })).toThrow(/waUrl/);
    expect(() => parseConfig({ baileys: { rootPublicKey: 'xyz' } })).toThrow(/rootPublicKey/);
  });

  it('paces real-engine sessions at 20 a minute and 20 new chats an hour unless told; `off` is unlimited', () => {
    expect(parseConfig({}).sessions.pacing).toEqual({ perMinute: 20, newChatsPerHour: 20 });
    expect(parseConfig(configFromEnv({ WAGW_PACING_PER_MINUTE: 'off' })).sessions.pacing).toEqual({
      perMinute: null,
      newChatsPerHour: 20,
    });
    expect(parseConfig(configFromEnv({ WAGW_PACING_NEW_CHATS_PER_HOUR: '5' })).sessions.pacing).toEqual({
      perMinute: 20,
      newChatsPerHour: 5,
    });
    expect(() => parseConfig(configFromEnv({ WAGW_PACING_PER_MINUTE: '0' }))).toThrow(/perMinute/);
    expect(() => parseConfig(configFromEnv({ WAGW_PACING_PER_MINUTE: 'fast' }))).toThrow(/perMinute/);
  });

  it('trusts no proxy by default; WAGW_TRUST_PROXY takes a boolean, hops or a list of addresses/CIDRs', () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig(configFromEnv({ WAGW_TRUST_PROXY: 'true' })).trustProxy).toBe(true);
    expect(parseConfig(configFromEnv({ WAGW_TRUST_PROXY: 'no' })).trustProxy).toBe(false);
    expect(parseConfig(configFromEnv({ WAGW_TRUST_PROXY: '2' })).trustProxy).toBe(2);
    const list = '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback';
    expect(parseConfig(configFromEnv({ WAGW_TRUST_PROXY: list })).trustProxy).toBe(list);
    for (const bad of ['proxy.local', '10.0.0.0/33', '::1/129', '1.2.3.4/8/1', '10.0.0.0/x']) {
      expect(() => parseConfig({ trustProxy: bad })).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('/trustProxy'),
        }),
      );
    }
    expect(() => parseConfig({ trustProxy: 0 })).toThrow(/trustProxy/);
  });
});
