import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Wagw } from './client.js';
import { WagwError } from './core/errors.js';
import { VERSION } from './version.js';

describe('Wagw', () => {
  it('validates its options', () => {
    expect(() => new Wagw({ baseUrl: 'localhost:3000', apiKey: 'k' })).toThrow(WagwError);
    expect(() => new Wagw({ baseUrl: '/v1', apiKey: 'k' })).toThrow(
      'baseUrl must be an absolute http(s) URL',
    );
    expect(() => new Wagw({ baseUrl: 'http://localhost:3000', apiKey: '' })).toThrow(
      'apiKey must be a non-empty string when given.',
    );
    expect(new Wagw({ baseUrl: 'http://localhost:3000' }).auth).toBeDefined();
    expect(() => new Wagw({ baseUrl: 'http://localhost:3000', apiKey: 'k', timeoutMs: 0 })).toThrow(
      WagwError,
    );
    expect(() => new Wagw({ baseUrl: 'http://localhost:3000', apiKey: 'k', maxRetries: 1.5 })).toThrow(
      WagwError,
    );
    expect(new Wagw({ baseUrl: 'http://localhost:3000', apiKey: 'k' }).sessions).toBeDefined();
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const wagw = new Wagw({
      baseUrl: 'http://wagw.invalid',
      apiKey: 'k',
      fetch: async (input) => {
        seen.push(input instanceof Request ? `${input.method} ${input.url}` : String(input));
        return Response.json({ tenant: { id: 'ten_1' }, api_key: { id: 'key_1' } });
      },
    });
    await expect(wagw.me()).resolves.toMatchObject({ tenant: { id: 'ten_1' } });
    expect(seen).toEqual(['GET http://wagw.invalid/v1/me']);
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
