import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';

export const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');

export type Dialect = 'sqlite' | 'postgres';

/** SQLite always; Postgres when WAGW_TEST_DATABASE_URL is set, and required under CI=true. */
export function e2eDialects(): Dialect[] {
  const url = process.env.WAGW_TEST_DATABASE_URL;
  const only = process.env.WAGW_TEST_DIALECTS?.split(',');
  if (process.env.CI === 'true' && !url && !only) {
    throw new Error(
      'CI=true but WAGW_TEST_DATABASE_URL is not set: the Postgres end-to-end run must not be skipped.',
    );
  }
  const all: Dialect[] = url ? ['sqlite', 'postgres'] : ['sqlite'];
  return only ? all.filter((d) => only.includes(d)) : all;
}

export interface Deployment {
  dialect: Dialect;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Counts the sandbox engine's recorded send calls for one WhatsApp message id. */
  engineSends(waMessageId: string): Promise<number>;
}

export function deployment(dialect: Dialect): Deployment {
  const dataDir = mkdtempSync(join(tmpdir(), 'wagw-e2e-'));
  // The `wagwtest_` prefix lets the global teardown (vitest.global-setup.ts) drop it.
  const schema = `wagwtest_e2e_${randomBytes(5).toString('hex')}`;
  const url = process.env.WAGW_TEST_DATABASE_URL;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WAGW_DATA_DIR: dataDir,
    WAGW_CONFIG_DIR: join(dataDir, 'cli-config'),
    WAGW_LOG_LEVEL: 'warn',
    ...(dialect === 'postgres' && url ? { WAGW_DATABASE_URL: url, WAGW_DATABASE_SCHEMA: schema } : {}),
  };
  delete env.WAGW_URL;
  delete env.WAGW_API_KEY;
  return {
    dialect,
    dataDir,
    env,
    async engineSends(waMessageId) {
      const pattern = `${waMessageId}:%`;
      if (dialect === 'sqlite') {
        const db = new SQLite(join(dataDir, 'wagw.sqlite'), { readonly: true });
        try {
          const row = db
            .prepare("select count(*) as n from engine_state where type = 'send-log' and id like ?")
            .get(pattern) as { n: number };
          return row.n;
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const res = await client.query(
          `select count(*)::int as n from "${schema}".engine_state where type = 'send-log' and id like $1`,
          [pattern],
        );
        return res.rows[0].n as number;
      } finally {
        await client.end();
      }
    },
  };
}

export interface Served {
  process: ChildProcess;
  url: string;
  apiKey?: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `wagw serve --json` as its own process (on a free port unless given) and reads its first line. */
export async function serve(d: Deployment, port = 0, extraArgs: string[] = []): Promise<Served> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--json', '--port', String(port), '--allow-private-webhooks', ...extraArgs],
    {
      env: d.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`wagw serve exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`wagw serve did not start: ${stderr}`)), 20_000).unref();
  });
  const info = JSON.parse(first) as { url: string; apiKey?: string };
  return {
    process: child,
    url: info.url,
    ...(info.apiKey && { apiKey: info.apiKey }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `wagw` binary, as a user's shell would; `stdin` is piped in (default: nothing). */
export function cli(
  d: Deployment,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
  stdin = '',
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...d.env, ...extraEnv }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

/** `wagw login --url URL --api-key-stdin`, the key piped in (never on the command line). */
export function login(d: Deployment, url: string, apiKey: string): Promise<CliResult> {
  return cli(d, ['login', '--url', url, '--api-key-stdin'], {}, `${apiKey}\n`);
}

/**
 * Calls `probe` until `done` accepts what it returns. No deadline of its own: a busy machine only
 * makes it slower, and the test's timeout bounds it.
 */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await delay(100);
  }
}

export const json = <T>(r: CliResult): T => {
  if (r.code !== 0) throw new Error(`wagw exited ${r.code}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout) as T;
};

export interface SimProcess {
  url: string;
  controlUrl: string;
  stop(): Promise<number | null>;
}

/** Starts `wagw sim --json --port 0` as its own process. */
export async function sim(d: Deployment): Promise<SimProcess> {
  const child = spawn(process.execPath, [BIN, 'sim', '--json', '--port', '0'], {
    env: d.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`wagw sim exited with ${code}`)));
    setTimeout(() => reject(new Error('wagw sim did not start')), 20_000).unref();
  });
  const info = JSON.parse(first) as { url: string; controlUrl: string };
  return {
    url: info.url,
    controlUrl: info.controlUrl,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** `wagw send text --session ID --to TO --text TEXT …extra`. */
export function sendText(
  d: Deployment,
  sessionId: string,
  text: string,
  extra: string[] = [],
  to = '+14155550000',
): Promise<CliResult> {
  return cli(d, ['send', 'text', '--session', sessionId, '--to', to, '--text', text, ...extra]);
}
