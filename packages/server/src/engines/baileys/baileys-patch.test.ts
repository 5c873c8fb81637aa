import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { addTransactionCapability } from '@whiskeysockets/baileys';
import pino from 'pino';
import { describe, expect, it } from 'vitest';

/**
 * patches/@whiskeysockets__baileys@7.0.0-rc14.patch makes every Baileys key store share one
 * AsyncLocalStorage (one per socket slowed the whole process down as sessions added up).
 */
describe('the Baileys AsyncLocalStorage patch', () => {
  it('is applied to the installed Baileys', () => {
    const entry = createRequire(import.meta.url).resolve('@whiskeysockets/baileys');
    const source = readFileSync(join(dirname(entry), 'Utils', 'auth-utils.js'), 'utf8');
    expect(source).toContain('const sharedTxStorage = new AsyncLocalStorage();');
    expect(source.match(/new AsyncLocalStorage\(\)/g)).toHaveLength(1);
  });

  it("keeps each key store's transactions to itself", async () => {
    const memory = () => {
      const data = new Map<string, unknown>();
      return {
        get: async (type: string, ids: string[]) =>
          Object.fromEntries(ids.map((id) => [id, data.get(`${type}:${id}`)])) as never,
        set: async (changes: Record<string, Record<string, unknown>>) => {
          for (const [type, entries] of Object.entries(changes)) {
            for (const [id, value] of Object.entries(entries)) data.set(`${type}:${id}`, value);
          }
        },
      };
    };
    const logger = pino({ level: 'silent' });
    const options = { maxCommitRetries: 1, delayBetweenTriesMs: 1 };
    const a = addTransactionCapability(memory(), logger, options);
    const b = addTransactionCapability(memory(), logger, options);
    await a.transaction(async () => {
      expect(a.isInTransaction()).toBe(true);
      expect(b.isInTransaction()).toBe(false);
      await a.set({ session: { x: { n: 1 } as never } });
      await b.transaction(async () => {
        expect(b.isInTransaction()).toBe(true);
      }, 'b');
    }, 'a');
    expect(a.isInTransaction()).toBe(false);
    expect((await a.get('session', ['x'])).x).toEqual({ n: 1 });
    expect((await b.get('session', ['x'])).x).toBeUndefined();
  });
});
