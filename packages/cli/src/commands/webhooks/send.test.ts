import { createServer } from 'node:net';
import { generateSecret, startReceiver, WEBHOOK_EVENT_TYPES } from '@wagw/webhook-sim';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../main.js';
import { type FakeContextOptions, fakeContext } from '../../testing/fake-context.js';

/** `wagw webhooks receive <args> --port 0 --json` in-process, until `stop()`. */
async function receiving(args: string[], context: FakeContextOptions = {}) {
  const ctx = fakeContext({ ...context, loadWebhookSim: async () => ({ startReceiver }) });
  const exited = main(['webhooks', 'receive', ...args, '--port', '0', '--json'], ctx);
  await ctx.stderrShows('Listening for webhooks on');
  const url = /Listening for webhooks on (\S+)/.exec(ctx.stderrText())![1]!;
  return {
    url,
    lines: () =>
      ctx
        .stdoutText()
        .trimEnd()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l)),
    stop: async () => {
      ctx.interrupt();
      expect(await exited).toBe(0);
    },
  };
}

/** `wagw webhooks send <args>`: its exit code and output. */
async function send(args: string[], context: FakeContextOptions = {}) {
  const ctx = fakeContext(context);
  const code = await main(['webhooks', 'send', ...args], ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText(), ctx };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('wagw webhooks send', () => {
  it('signs and POSTs a fixture that `webhooks receive` verifies (round trip, no server)', async () => {
    const secret = generateSecret();
    const receiver = await receiving(['--secret-stdin'], { stdin: secret });
    const sent = await send(
      [
        '--url',
        `${receiver.url}hooks`,
        '--event',
        'message.received',
        '--data',
        '{"text":"hi from send"}',
        '--session',
        'ses_roundtrip',
        '--json',
      ],
      { env: { WAGW_WEBHOOK_SECRET: secret } },
    );
    await receiver.stop();

    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout);
    expect(result).toMatchObject({
      type: 'message.received',
      url: `${receiver.url}hooks`,
      status: 200,
      ok: true,
      body: '{"ok":true}',
      body_truncated: false,
    });
    expect(result.id).toMatch(/^evt_/);
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
    expect(result.payload).toMatchObject({
      session_id: 'ses_roundtrip',
      data: { text: 'hi from send', session_id: 'ses_roundtrip' },
    });

    const [got] = receiver.lines();
    expect(got).toMatchObject({
      id: result.id,
      type: 'message.received',
      session_id: 'ses_roundtrip',
      verified: true,
      attempt: 1,
      status: 200,
    });
    expect(got.payload).toEqual(result.payload);
    expect(receiver.lines()).toHaveLength(1);
  });

  it('prints status, duration and the start of the body for people', async () => {
    const secret = generateSecret();
    const receiver = await receiving(['--secret', secret]);
    const sent = await send(['--url', receiver.url, '--event', 'session.status', '--secret', secret]);
    await receiver.stop();
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^session\.status evt_\w+ → HTTP 200 in \d+ms\n\{"ok":true\}\n$/);
    expect(sent.stderr).toBe('');
  });

  it('exits 1 (WEBHOOK_REJECTED) when the answer is not 2xx, after printing it', async () => {
    const secret = generateSecret();
    const receiver = await receiving(['--secret', secret, '--fail-first', '1']);
    const first = await send(['--url', receiver.url, '--event', 'message.read', '--secret', secret]);
    const wrongKey = await send(
      ['--url', receiver.url, '--event', 'message.read', '--secret', generateSecret(), '--json'],
      {},
    );
    await receiver.stop();

    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/→ HTTP 500 in \d+ms\n\{"error":\{"code":"SIMULATED_FAILURE"/);
    expect(first.stderr).toBe('error: the receiver answered HTTP 500\n');
    expect(wrongKey.code).toBe(1);
    expect(JSON.parse(wrongKey.stdout)).toMatchObject({ status: 401, ok: false });
    expect(JSON.parse(wrongKey.stderr)).toMatchObject({ error: { code: 'WEBHOOK_REJECTED' } });
    expect(receiver.lines().map((l) => [l.status, l.verified])).toEqual([
      [500, true],
      [401, false],
    ]);
  });

  it('--id resends one webhook-id, as a retry: against --fail-first 2, exit 1, 1, then 0', async () => {
    const secret = generateSecret();
    const receiver = await receiving(['--secret', secret, '--fail-first', '2']);
    const args = [
      '--url',
      receiver.url,
      '--event',
      'message.failed',
      '--secret',
      secret,
      '--id',
      'evt_retry',
    ];
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await send(args)).code);
    await receiver.stop();
    expect(codes).toEqual([1, 1, 0]);
    expect(receiver.lines().map((l) => [l.id, l.attempt, l.status])).toEqual([
      ['evt_retry', 1, 500],
      ['evt_retry', 2, 500],
      ['evt_retry', 3, 200],
    ]);
    const spaced = await send([...args.slice(0, -1), 'evt 1']);
    expect(spaced.stderr).toMatch(/^error: invalid --id "evt 1"/);
  });

  it('--timestamp signs with an old time, which a receiver refuses', async () => {
    const secret = generateSecret();
    const receiver = await receiving(['--secret', secret]);
    const stale = await send([
      '--url',
      receiver.url,
      '--event',
      'message.read',
      '--secret',
      secret,
      '--timestamp',
      String(Math.floor(Date.now() / 1000) - 3600),
    ]);
    await receiver.stop();
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('HTTP 401');
    expect(stale.stdout).toContain('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('exits 1 (CONNECTION_FAILED) when there is no response: refused, or slower than --timeout', async () => {
    const secret = generateSecret();
    const port = await closedPort();
    const refused = await send([
      '--url',
      `http://127.0.0.1:${port}/`,
      '--event',
      'message.read',
      '--secret',
      secret,
      '--json',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(JSON.parse(refused.stderr)).toMatchObject({
      error: {
        code: 'CONNECTION_FAILED',
        message: expect.stringContaining(`no response from http://127.0.0.1:${port}/`),
      },
    });

    const receiver = await receiving(['--delay', '1500']);
    const slow = await send([
      '--url',
      receiver.url,
      '--event',
      'message.read',
      '--secret',
      secret,
      '--timeout',
      '1',
    ]);
    await receiver.stop();
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/^error: no response from .*timed out after 1000ms/);
    expect(slow.stderr).toContain('hint: raise --timeout');
  });

  describe('usage errors (exit 1, USAGE)', () => {
    const secret = generateSecret();
    const base = ['--url', 'http://127.0.0.1:9/', '--secret', secret];

    it('an unknown event type, listing the valid ones', async () => {
      const text = await send([...base, '--event', 'message.exploded']);
      expect(text.code).toBe(1);
      expect(text.stderr).toContain('error: unknown event type "message.exploded"');
      expect(text.stderr).toContain(`hint: use one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
      expect(text.stderr).toContain('webhook.endpoint_disabled');
      const json = await send([...base, '--event', 'nope', '--json']);
      expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'USAGE' } });
    });

    it.each([
      [['--event', 'message.read', '--data', '{text'], 'error: invalid --data: not JSON'],
      [['--event', 'message.read', '--data', '[1]'], 'error: invalid --data: expected a JSON object'],
      [
        ['--event', 'message.read', '--timestamp', 'yesterday'],
        "option '--timestamp <unix>' argument 'yesterday'",
      ],
      [['--event', 'message.read', '--timeout', '0'], "option '--timeout <seconds>' argument '0' is invalid"],
    ])('%s', async (flags, message) => {
      const result = await send([...base, ...flags]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
      const json = await send([...base, ...flags, '--json']);
      expect(JSON.parse(json.stderr.trimEnd().split('\n').at(-1)!)).toMatchObject({
        error: { code: 'USAGE' },
      });
    });

    it('a missing --url, --event or secret, or a secret that is not whsec_…', async () => {
      const noUrl = await send(['--event', 'message.read', '--secret', secret]);
      expect(noUrl.stderr).toBe('error: missing required option --url\n');
      const badUrl = await send(['--url', 'ftp://x', '--event', 'message.read', '--secret', secret]);
      expect(badUrl.stderr).toMatch(/^error: invalid --url: must start with http/);
      const noEvent = await send(['--url', 'http://127.0.0.1:9/', '--secret', secret]);
      expect(noEvent.stderr).toBe('error: missing required option --event\n');
      const noSecret = await send(['--url', 'http://127.0.0.1:9/', '--event', 'message.read']);
      expect(noSecret.code).toBe(1);
      expect(noSecret.stderr).toMatch(
        /^error: missing the webhook signing secret\nhint: pass --secret-stdin/,
      );
      const badSecret = await send([...base.slice(0, 2), '--event', 'message.read', '--secret', 'hunter2']);
      expect(badSecret.stderr).toMatch(/^error: invalid --secret: expected the whsec_/);
      for (const r of [noUrl, badUrl, noEvent, badSecret]) expect(r.code).toBe(1);
    });

    it('asks for the secret, hidden, on a terminal', async () => {
      const receiver = await receiving(['--secret', secret]);
      const password = vi.fn(async () => secret);
      const sent = await send(['--url', receiver.url, '--event', 'message.read'], {
        stdinIsTTY: true,
        prompts: { input: vi.fn(), password },
      });
      await receiver.stop();
      expect(password).toHaveBeenCalledWith({ message: 'Webhook signing secret (whsec_…)' });
      expect(sent.code).toBe(0);
      expect(receiver.lines()[0]).toMatchObject({ verified: true });
    });
  });
});
