/**
 * One process of `pnpm bench:startup`: times `createServer()` of the built package on a fresh
 * SQLite data dir (migrations included), then `app.close()`, then `createServer()` again on the
 * same data dir (a restart within a process, as tests do), and prints the three figures as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type * as WagwServerModule from '../src/index.js';

const DIST_ENTRY = new URL('../dist/index.js', import.meta.url).href;

const importStart = performance.now();
const { createServer }: typeof WagwServerModule = await import(DIST_ENTRY);
const importMs = performance.now() - importStart;
const dataDir = mkdtempSync(join(tmpdir(), 'wagw-startup-'));
try {
  const options = { dataDir, logger: pino({ level: 'silent' }), start: false };
  const freshStart = performance.now();
  const first = await createServer(options);
  const freshMs = performance.now() - freshStart;
  await first.app.close();
  const restartStart = performance.now();
  const second = await createServer(options);
  const restartMs = performance.now() - restartStart;
  await second.app.close();
  process.stdout.write(`${JSON.stringify({ importMs, freshMs, restartMs })}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
