import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a broker test can run: the broker answers on `host:port`. Under CI=true an absent
 * broker is an error, never a silent skip; without CI the suite is skipped with the printed reason.
 */
export async function brokerAvailable(name: string, host: string, port: number): Promise<boolean> {
  if (await reachable(host, port)) return true;
  const reason = `${name} is not reachable on ${host}:${port}`;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${reason}: the ${name} sink tests must run in CI.`);
  console.warn(`skipping the ${name} sink tests: ${reason}`);
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The nats-server binary on this machine, if any. */
export async function natsServerBinary(): Promise<string | undefined> {
  for (const candidate of ['/usr/sbin/nats-server', 'nats-server']) {
    const ok = await run(candidate, ['--version']).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  return undefined;
}

export interface OwnNatsServer {
  url: string;
  port: number;
  /** Kills the server (its JetStream store stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A JetStream-enabled nats-server of the test's own, on a free port with a temp store. */
export async function startOwnNatsServer(binary: string): Promise<OwnNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'wagw-nats-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    while (!(await reachable('127.0.0.1', port, 200))) {
      if (Date.now() > deadline) throw new Error('nats-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async cleanup() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Stops and starts the machine's RabbitMQ application (its durable queues survive). */
export const rabbitmq = {
  async stopApp(): Promise<void> {
    await run('rabbitmqctl', ['stop_app'], {
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
    });
  },
  async startApp(): Promise<void> {
    await run('rabbitmqctl', ['start_app'], {
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
    });
    const deadline = Date.now() + 30_000;
    while (!(await reachable('127.0.0.1', 5672, 200))) {
      if (Date.now() > deadline) throw new Error('RabbitMQ did not come back');
      await new Promise((r) => setTimeout(r, 100));
    }
  },
};
