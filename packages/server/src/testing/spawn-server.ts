import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ConfigInput } from '../config/config-schema.js';

const SCRIPT = fileURLToPath(new URL('./serve-process.ts', import.meta.url));

export interface SpawnedServer {
  url: string;
  /** The admin key, printed only by the start that created the admin tenant (not by a restart). */
  apiKey?: string;
  /** Stops it gracefully (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /**
   * Kills it outright (SIGKILL: no shutdown, claims and leases left as they were) and waits for it
   * to exit. Call `spawnServer` again with the same config to restart it on the same database.
   */
  kill(): Promise<void>;
}

/** Starts `serve-process.ts` in a child process (through tsx) and waits for it to listen. */
export async function spawnServer(config: ConfigInput): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, WAGW_TEST_SERVER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 90_000).unref();
  });
  const info = JSON.parse(first) as { url: string; apiKey?: string };
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url: info.url,
    ...(info.apiKey && { apiKey: info.apiKey }),
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
