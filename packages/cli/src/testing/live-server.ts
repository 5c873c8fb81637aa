import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wagw } from '@wagw/sdk';
import { createServer, type WagwServer } from '@wagw/server';
import { type FakeContext, type FakeContextOptions, fakeContext } from './fake-context.js';

export interface LiveServer {
  server: WagwServer;
  url: string;
  /** The admin tenant's key. */
  apiKey: string;
  /** A context whose commands talk to this server over HTTP with `apiKey`. */
  context(options?: FakeContextOptions): FakeContext;
  /** Another client of the same tenant (a second terminal, an app). */
  client(): Wagw;
  close(): Promise<void>;
}

/**
 * A real server on a loopback port with a fresh SQLite database, for commands that stream or
 * whose requests must be what the server accepts. `allowPrivateWebhooks` lets it deliver to a
 * receiver on this machine.
 */
export async function startLiveServer(options: { allowPrivateWebhooks?: boolean } = {}): Promise<LiveServer> {
  const dir = await mkdtemp(join(tmpdir(), 'wagw-cli-live-'));
  const server = await createServer({
    dataDir: join(dir, 'data'),
    logLevel: 'silent',
    port: 0,
    sandbox: { stepMs: 20 },
    streams: { pollIntervalMs: 100 },
    requestLogs: { flushIntervalMs: 20 },
    ...(options.allowPrivateWebhooks && {
      webhooks: { allowPrivateTargets: true, pollIntervalMs: 50, retryScheduleSeconds: [0] },
    }),
  });
  const apiKey = (await server.gateway.tenants.initAdmin()).apiKey!;
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    server,
    url,
    apiKey,
    context: (options = {}) =>
      fakeContext({
        profile: { url, apiKey },
        createClient: ({ url: baseUrl, apiKey: key }) => new Wagw({ baseUrl, apiKey: key }),
        now: Date.now,
        ...options,
      }),
    client: () => new Wagw({ baseUrl: url, apiKey }),
    async close() {
      await server.app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
