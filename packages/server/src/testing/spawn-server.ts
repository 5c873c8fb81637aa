import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ConfigInput } from '../config/config-schema.js';

const SCRIPT = fileURLToPath(new URL('./serve-process.ts', import.meta.url));

export interface SpawnedServer {
  url: string;
  apiKey?: string;
  stop(): Promise<void>;
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
  return {
    url: info.url,
    ...(info.apiKey && { apiKey: info.apiKey }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
