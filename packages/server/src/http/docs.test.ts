import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { Gateway } from '../gateway.js';
import { testDatabase } from '../testing/dialects.js';
import { wagwPlugin } from './plugin.js';
import { wagwServerOptions } from './server-options.js';

/** The URLs a browser loads for a page: its stylesheets, icons and scripts, resolved like a browser. */
function assetUrls(pageUrl: string, html: string): string[] {
  const refs = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
  return refs.map((ref) => {
    const url = new URL(ref, `http://host${pageUrl}`);
    return url.pathname + url.search;
  });
}

/** The URL swagger-initializer.js fetches the document from (its `resolveUrl('./json')`). */
const documentUrl = (pageUrl: string) => `${pageUrl.endsWith('/') ? pageUrl : `${pageUrl}/`}json`;

describe('the API docs when wagw is mounted under a prefix (examples/embed-fastify)', () => {
  const db = testDatabase('sqlite');
  let app: FastifyInstance;
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await Gateway.open(parseConfig(db.config), { logger: pino({ level: 'silent' }) });
    // As examples/embed-fastify does: the shared serializers keep start-up to a second or two.
    app = Fastify({ ...wagwServerOptions });
    await app.register(wagwPlugin, { gateway, prefix: '/wa' });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await gateway.close();
    await db.cleanup();
  });

  it.each(['/wa/docs', '/wa/docs/'])('%s loads every asset it references, and the document', async (page) => {
    const res = await app.inject(page);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const assets = assetUrls(page, res.body);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const url of assets) {
      expect(url, url).toMatch(/^\/wa\/docs\/static\//);
      expect((await app.inject(url)).statusCode, url).toBe(200);
    }
    const initializer = assets.find((url) => url.endsWith('/swagger-initializer.js'));
    expect((await app.inject(initializer!)).body).toContain("resolveUrl('./json')");
    const doc = await app.inject(documentUrl(page));
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/wa/v1/sessions']).toBeDefined();
  });
});
