/**
 * Writes the committed openapi.json from the route schemas (the one source of truth), and
 * docs/events.md from the event catalog.
 * `pnpm check:api` regenerates it and fails on a diff.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createServer } from '../src/create-server.js';
import { renderEventsDoc } from '../src/http/events-doc.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wagw-openapi-'));
try {
  const { app } = await createServer({ dataDir, start: false, logger: pino({ level: 'silent' }) });
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  await app.close();
  const out = join(import.meta.dirname, '..', 'openapi.json');
  writeFileSync(out, `${JSON.stringify(spec, null, 2)}\n`);
  console.log(`wrote ${out}`);
  const doc = join(import.meta.dirname, '..', '..', '..', 'docs', 'events.md');
  writeFileSync(doc, renderEventsDoc());
  console.log(`wrote ${doc}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
