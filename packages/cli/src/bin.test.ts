import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'dist', 'bin.js');
const configDir = mkdtempSync(join(tmpdir(), 'wagw-bin-'));

function wagw(...args: string[]) {
  return wagwWith({}, ...args);
}

/** Runs the bin with no profile and no WAGW_URL / WAGW_API_KEY, but with `extra` in its environment. */
function wagwWith(extra: NodeJS.ProcessEnv, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, WAGW_CONFIG_DIR: configDir };
  delete env.WAGW_URL;
  delete env.WAGW_API_KEY;
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...env, ...extra },
    timeout: 20_000,
  });
}

/** A port nothing listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the built bin', () => {
  beforeAll(() => {
    if (!existsSync(bin)) execFileSync('npx', ['tsup'], { cwd: packageDir, stdio: 'ignore' });
  }, 120_000);
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  it('runs --help', () => {
    const result = wagw('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wagw');
    for (const group of ['serve', 'login', 'admin', 'sessions', 'send', 'messages', 'events', 'webhooks']) {
      expect(result.stdout).toContain(`  ${group}`);
    }
  });

  it('exits 4 with a hint when not logged in', () => {
    const result = wagw('sessions', 'list');
    expect(result.status).toBe(4);
    expect(result.stderr).toContain('error: not logged in');
    expect(result.stderr).toContain('wagw login');
  });

  it('prints errors as one JSON line on stderr with --json, keeping the exit codes', async () => {
    const notLoggedIn = wagw('sessions', 'list', '--json');
    expect(notLoggedIn.status).toBe(4);
    expect(JSON.parse(notLoggedIn.stderr)).toEqual({
      error: {
        code: 'NOT_LOGGED_IN',
        message: 'not logged in: no server URL configured',
        request_id: null,
      },
    });
    const usage = wagw('sessions', 'list', '--limit', '0', '--json');
    expect(usage.status).toBe(1);
    expect(JSON.parse(usage.stderr).error).toMatchObject({ code: 'USAGE', request_id: null });

    const port = await freePort();
    const unreachable = wagwWith(
      { WAGW_URL: `http://127.0.0.1:${port}`, WAGW_API_KEY: 'wagw_live_x' },
      'sessions',
      'list',
      '--json',
    );
    expect(unreachable.status).toBe(1);
    expect(unreachable.stdout).toBe('');
    const body = JSON.parse(unreachable.stderr);
    expect(body).toEqual({
      error: {
        code: 'CONNECTION_FAILED',
        message: expect.stringContaining('ECONNREFUSED'),
        request_id: null,
      },
    });
  });

  it('keeps @wagw/server out of the bundle and loads it only on demand', () => {
    const code = readFileSync(bin, 'utf8');
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(code).not.toMatch(/from\s+["']@wagw\/server["']/);
    expect(code).toMatch(/from\s+["']@wagw\/sdk["']/);
  });

  it('wagw send runs without ever resolving the server, fastify, kysely or the simulator', async () => {
    const hook = join(packageDir, 'test', 'fixtures', 'forbid-server-hook.mjs');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WAGW_CONFIG_DIR: configDir,
      WAGW_URL: `http://127.0.0.1:${port}`,
      WAGW_API_KEY: 'wagw_live_x',
    };
    const args = [
      '--import',
      hook,
      bin,
      'send',
      'text',
      '--session',
      'ses_1',
      '--to',
      '+14155550000',
      '--text',
      'hi',
    ];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 20_000 });
    expect(result.stderr).not.toContain('FORBIDDEN LOAD');
    expect(result.stderr).toContain('could not reach the wagw server');
    // and the hook does bite: serve needs the server
    const serve = spawnSync(process.execPath, ['--import', hook, bin, 'serve', '--port', '0'], {
      encoding: 'utf8',
      env,
      timeout: 20_000,
    });
    expect(serve.stderr).toContain('FORBIDDEN LOAD: @wagw/server');
  });
});
