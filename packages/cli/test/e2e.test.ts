import { rmSync } from 'node:fs';
import { startReceiver } from '@wagw/webhook-sim';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  type Deployment,
  deployment,
  e2eDialects,
  json,
  login,
  type Served,
  sendText,
  serve,
  until,
} from './e2e-harness.js';

interface Message {
  id: string;
  status: string;
  wa_message_id: string;
}

/**
 * The README's flow as a newcomer runs it, end to end through real processes: `wagw serve`, then
 * the CLI (which talks to it only through the SDK), on SQLite and on Postgres.
 */
describe.each(e2eDialects())('wagw end to end on %s', (dialect) => {
  let d: Deployment;
  let server: Served;
  let sessionId: string;

  beforeAll(async () => {
    d = deployment(dialect);
    server = await serve(d);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(d.dataDir, { recursive: true, force: true });
  });

  it('prints the admin key once; admin init on the same database creates nothing', async () => {
    expect(server.apiKey).toMatch(/^wagw_live_/);
    const again = json<{ created: boolean; apiKey?: string }>(await cli(d, ['admin', 'init', '--json']));
    expect(again.created).toBe(false);
    expect(again.apiKey).toBeUndefined();
  });

  it('logs in, pairs a sandbox session in the terminal, sends a text and sees it read, with a verified webhook', async () => {
    const loggedIn = await login(d, server.url, server.apiKey!);
    expect(loggedIn.code).toBe(0);

    const receiver = await startReceiver({ port: 0 });
    try {
      const hook = json<{ secret: string }>(
        await cli(d, [
          'webhooks',
          'create',
          '--url',
          `${receiver.url}/hook`,
          '--events',
          'message.read',
          '--json',
        ]),
      );
      const session = json<{ id: string }>(await cli(d, ['sessions', 'create', '--name', 'e2e', '--json']));
      sessionId = session.id;
      const pair = await cli(d, ['sessions', 'pair', session.id, '--scan', '--timeout', '30']);
      expect(pair.code, pair.stderr).toBe(0);
      expect(pair.stdout).toMatch(/connected/i);

      const sent = json<Message>(await sendText(d, session.id, 'hello e2e', ['--wait', 'read', '--json']));
      expect(sent.status).toBe('read');

      const hit = await receiver.waitFor((w) => w.payload?.type === 'message.read', { timeoutMs: 15_000 });
      const verified = new Webhook(hook.secret).verify(hit.body, hit.headers) as { data: { id: string } };
      expect(verified.data.id).toBe(sent.id);

      const bad = await sendText(d, session.id, 'x', [], 'not-a-number');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/INVALID_PHONE_NUMBER/);
      const unauth = await cli(d, ['sessions', 'list'], { WAGW_API_KEY: 'wagw_live_wrong' });
      expect(unauth.code).toBe(4);
      // with --json the same errors are one JSON line on stderr, in the API's shape
      const missing = await cli(d, ['sessions', 'get', 'ses_nope', '--json']);
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stderr)).toEqual({
        error: { code: 'SESSION_NOT_FOUND', message: 'No such session.', request_id: expect.any(String) },
      });
      const rejected = await cli(d, ['sessions', 'list', '--json'], { WAGW_API_KEY: 'wagw_live_wrong' });
      expect(rejected.code).toBe(4);
      expect(JSON.parse(rejected.stderr).error.code).toBe('UNAUTHENTICATED');
    } finally {
      await receiver.close();
    }
  });

  it('SIGKILL right after a 202: after a restart the message reaches the engine exactly once', async () => {
    const accepted = json<Message>(await sendText(d, sessionId, 'kill -9', ['--json']));
    expect(accepted.status).toBe('queued');
    await server.stop('SIGKILL');

    server = await serve(d, Number(new URL(server.url).port));
    expect(server.apiKey).toBeUndefined(); // existing database: no new key
    const read = json<Message>(await sendText(d, sessionId, 'after restart', ['--wait', 'read', '--json']));
    expect(read.status).toBe('read');
    const final = await until(
      async () => json<Message>(await cli(d, ['messages', 'get', accepted.id, '--json'])),
      (m) => m.status === 'read',
    );
    expect(final.status).toBe('read');
    expect(await d.engineSends(accepted.wa_message_id)).toBe(1);

    const events = json<{ data: Array<{ type: string; data: { id?: string } }> }>(
      await cli(d, [
        'events',
        'list',
        '--session',
        sessionId,
        '--type',
        'message.sent',
        '--limit',
        '100',
        '--json',
      ]),
    );
    expect(events.data.filter((e) => e.data.id === accepted.id)).toHaveLength(1);
    // A server process killed and started again, and six CLI processes: more than the default 30 s
    // on a busy 2-core runner.
  }, 120_000);

  it('stops cleanly on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
