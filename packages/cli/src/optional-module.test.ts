import { describe, expect, it } from 'vitest';
import { importOptional } from './optional-module.js';

describe('importOptional', () => {
  it('says which package to install when the package itself is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@wagw/server' imported from /x/bin.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(importOptional('@wagw/server', () => Promise.reject(missing))).rejects.toMatchObject({
      code: 'NOT_INSTALLED',
      message: expect.stringContaining('`wagw serve`'),
      hint: expect.stringContaining('npm i -g @wagw/server'),
    });
  });

  it('passes other failures through (a dependency of the package missing is not "not installed")', async () => {
    const nested = Object.assign(
      new Error("Cannot find package 'better-sqlite3' imported from /x/server.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    await expect(importOptional('@wagw/server', () => Promise.reject(nested))).rejects.toBe(nested);
    const mod = await importOptional('@wagw/wa-sim', async () => ({ ok: true }));
    expect(mod).toEqual({ ok: true });
  });
});
