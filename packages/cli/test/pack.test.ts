import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every package is publishable: `pnpm pack` each one (as publishing would), install the tarballs
 * into empty folders with npm, and use them the way a user would. Slow (npm installs; the full
 * install compiles better-sqlite3), so the timeouts are generous. Needs the packages built
 * (`pnpm test` builds first) and the npm registry for third-party dependencies.
 */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['cli', 'sdk', 'server', 'wa-sim', 'webhook-sim'] as const;
const TARBALL: Record<(typeof PACKAGES)[number], string> = {
  cli: 'wagw-0.1.0.tgz',
  sdk: 'wagw-sdk-0.1.0.tgz',
  server: 'wagw-server-0.1.0.tgz',
  'wa-sim': 'wagw-wa-sim-0.1.0.tgz',
  'webhook-sim': 'wagw-webhook-sim-0.1.0.tgz',
};
const version = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version as string;

let work: string;
let packs: string;

async function install(name: string, tarballs: (typeof PACKAGES)[number][]): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `pack-test-${name}`, private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs.map((t) => join(packs, TARBALL[t]))], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  return dir;
}

const wagw = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(join(dir, 'node_modules/.bin/wagw'), args, { cwd: dir, env: { ...process.env, ...env } });

beforeAll(async () => {
  for (const p of PACKAGES) {
    if (!existsSync(join(ROOT, 'packages', p, 'dist')))
      throw new Error(`packages/${p} is not built: run pnpm build`);
  }
  work = mkdtempSync(join(tmpdir(), 'wagw-pack-'));
  packs = join(work, 'tarballs');
  mkdirSync(packs);
  for (const p of PACKAGES) {
    await run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', packs], {
      cwd: join(ROOT, 'packages', p),
    });
  }
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed packages', () => {
  it('each has a license, a repository, files and no workspace: protocol left', async () => {
    for (const p of PACKAGES) {
      const { stdout } = await run('tar', ['xzf', join(packs, TARBALL[p]), '-O', 'package/package.json']);
      expect(stdout, p).not.toContain('workspace:');
      const manifest = JSON.parse(stdout);
      expect(manifest, p).toMatchObject({
        license: 'MIT',
        repository: { type: 'git' },
        files: expect.any(Array),
      });
      const { stdout: list } = await run('tar', ['tzf', join(packs, TARBALL[p])]);
      expect(list, p).toContain('package/README.md');
      expect(list, p).not.toMatch(/\.test\.|\/src\//);
    }
  });

  it('a CLI-only install runs `wagw --version`, has no better-sqlite3 or Baileys, and `serve` says what to install', async () => {
    const dir = await install('cli-only', ['cli', 'sdk', 'webhook-sim']);
    expect((await wagw(dir, ['--version'])).stdout.trim()).toBe(version);
    const modules = join(dir, 'node_modules');
    expect(existsSync(join(modules, 'better-sqlite3'))).toBe(false);
    expect(existsSync(join(modules, '@whiskeysockets/baileys'))).toBe(false);
    expect(readdirSync(join(modules, '@wagw')).sort()).toEqual(['sdk', 'webhook-sim']);
    const serve = await wagw(dir, ['serve', '--json']).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(serve.code).toBe(1);
    expect(`${serve.stdout}${serve.stderr}`).toContain('NOT_INSTALLED');
    expect(`${serve.stdout}${serve.stderr}`).toContain('@wagw/server');
  }, 180_000);

  it('the SDK imports from ESM and from CJS', async () => {
    const dir = await install('sdk', ['sdk']);
    const esm = await run(
      'node',
      ['--input-type=module', '-e', "import { Wagw } from '@wagw/sdk'; console.log(typeof Wagw)"],
      { cwd: dir },
    );
    expect(esm.stdout.trim()).toBe('function');
    const cjs = await run('node', ['-e', "const { Wagw } = require('@wagw/sdk'); console.log(typeof Wagw)"], {
      cwd: dir,
    });
    expect(cjs.stdout.trim()).toBe('function');
  }, 180_000);

  it('with @wagw/server installed next to it, `wagw serve` runs the gateway (without ever loading the sink clients)', async () => {
    const dir = await install('full', ['cli', 'sdk', 'webhook-sim', 'server', 'wa-sim']);
    // A server without sinks never imports the broker clients: it starts with them deleted.
    for (const client of ['amqplib', '@nats-io']) {
      expect(existsSync(join(dir, 'node_modules', client)), client).toBe(true);
      rmSync(join(dir, 'node_modules', client), { recursive: true, force: true });
    }
    const child = spawn(join(dir, 'node_modules/.bin/wagw'), ['serve'], {
      cwd: dir,
      env: { ...process.env, WAGW_PORT: '0', WAGW_DATA_DIR: join(dir, 'data'), WAGW_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${out}`)), 60_000);
        const onData = (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('wagw is running at')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`wagw serve exited ${code}: ${out}`));
        });
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(out).toMatch(/wagw is running at http:\/\/127\.0\.0\.1:\d+/);
  }, 420_000);
});
