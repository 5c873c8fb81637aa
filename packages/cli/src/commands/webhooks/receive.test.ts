import { fixture, generateSecret, type ReceiverOptions, sendWebhook, startReceiver } from '@wagw/webhook-sim';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../main.js';
import { exec, type FakeContextOptions, fakeContext } from '../../testing/fake-context.js';
import { run } from './receive.js';

/**
 * Runs `wagw <args> --port 0` through the whole command tree (flag parsing included) with the real
 * receiver, until `stop()` (Ctrl-C); `url` is where it listens.
 */
async function receiving(args: string[], context: FakeContextOptions = {}) {
  const ctx = fakeContext({ ...context, loadWebhookSim: async () => ({ startReceiver }) });
  const exited = main([...args, '--port', '0'], ctx);
  await ctx.stderrShows('Listening for webhooks on');
  const url = /Listening for webhooks on (\S+)/.exec(ctx.stderrText())![1]!;
  return {
    ctx,
    url,
    /** The `--json` lines printed so far. */
    lines: () =>
      ctx
        .stdoutText()
        .trimEnd()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l)),
    stop: async () => {
      ctx.interrupt();
      return exited;
    },
  };
}

describe('wagw webhooks receive', () => {
  it('prints each webhook as a JSON line and stops on Ctrl-C', async () => {
    const secret = generateSecret();
    let url = '';
    const ctx = fakeContext({
      loadWebhookSim: async () => ({
        startReceiver: async (options: ReceiverOptions) => {
          const receiver = await startReceiver({ ...options, port: 0 });
          url = receiver.url;
          return receiver;
        },
      }),
    });
    const running = run({ port: 4000, secret, json: true }, ctx);
    await ctx.stderrShows('Listening for webhooks on');

    const good = fixture('message.read');
    await sendWebhook({ url, secret, payload: good });
    await sendWebhook({ url, secret: generateSecret(), payload: fixture('session.status') });
    await ctx.stdoutShows((all) => all.split('\n').length === 3);
    ctx.interrupt();
    await running;

    const [first, second] = ctx
      .stdoutText()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      id: good.id,
      type: 'message.read',
      verified: true,
      attempt: 1,
      status: 200,
    });
    expect(first.payload).toEqual(good);
    expect(second).toMatchObject({ type: 'session.status', verified: false, status: 401 });
    expect(second.error).toBeTypeOf('string');
    expect(ctx.stderrText()).toContain(`Listening for webhooks on ${url}`);
    expect(ctx.stderrText()).toContain('Stopped; received 2 webhook(s).');
  });

  it('prints a line per webhook for people', async () => {
    let url = '';
    const ctx = fakeContext({
      loadWebhookSim: async () => ({
        startReceiver: async (options: ReceiverOptions) => {
          const receiver = await startReceiver({ ...options, port: 0 });
          url = receiver.url;
          return receiver;
        },
      }),
    });
    const running = run({}, ctx);
    await ctx.stderrShows('Listening for webhooks on');
    const payload = fixture('message.delivered');
    await sendWebhook({ url, secret: generateSecret(), payload });
    await ctx.stdoutShows(payload.id);
    ctx.interrupt();
    await running;
    expect(ctx.stdoutText()).toMatch(new RegExp(`200  message.delivered ${payload.id}  unverified\\n$`));
    expect(ctx.stderrText()).toContain('signatures are not checked');
  });

  describe('the secret never needs to be on the command line', () => {
    /** Starts `receive` with these options, sends one webhook signed with `signWith`, returns its line. */
    async function receiveOnce(
      options: Parameters<typeof run>[0],
      signWith: string,
      context: Parameters<typeof fakeContext>[0] = {},
    ) {
      let url = '';
      const ctx = fakeContext({
        ...context,
        loadWebhookSim: async () => ({
          startReceiver: async (receiverOptions: ReceiverOptions) => {
            const receiver = await startReceiver({ ...receiverOptions, port: 0 });
            url = receiver.url;
            return receiver;
          },
        }),
      });
      const running = run({ ...options, json: true }, ctx);
      await ctx.stderrShows('Listening for webhooks on');
      await sendWebhook({ url, secret: signWith, payload: fixture('message.read') });
      await ctx.stdoutShows('\n');
      ctx.interrupt();
      await running;
      return { ctx, line: JSON.parse(ctx.stdoutText()) };
    }

    it('reads it from stdin with --secret-stdin', async () => {
      const secret = generateSecret();
      const { ctx, line } = await receiveOnce({ secretStdin: true }, secret, { stdin: `${secret}\n` });
      expect(line).toMatchObject({ verified: true, status: 200 });
      expect(ctx.stderrText()).toContain('Checking signatures');
      expect(ctx.stderrText()).not.toContain(secret);
    });

    it('asks for it, hidden, when --secret-stdin meets a terminal', async () => {
      const secret = generateSecret();
      const password = vi.fn(async () => secret);
      const { line } = await receiveOnce({ secretStdin: true }, secret, {
        stdinIsTTY: true,
        prompts: { input: vi.fn(), password },
      });
      expect(password).toHaveBeenCalledWith({ message: 'Webhook signing secret (whsec_…)' });
      expect(line).toMatchObject({ verified: true });
    });

    it('takes WAGW_WEBHOOK_SECRET from the environment, and rejects what it does not sign', async () => {
      const secret = generateSecret();
      const { line } = await receiveOnce({}, generateSecret(), { env: { WAGW_WEBHOOK_SECRET: secret } });
      expect(line).toMatchObject({ verified: false, status: 401 });
    });

    it('rejects an env or stdin secret that is not whsec_…', async () => {
      const env = fakeContext({ env: { WAGW_WEBHOOK_SECRET: 'hunter2' } });
      expect(await exec(env, () => run({}, env))).toBe(1);
      expect(env.stderrText()).toMatch(/^error: invalid WAGW_WEBHOOK_SECRET: expected the whsec_/);
      const stdin = fakeContext({ stdin: 'hunter2' });
      expect(await exec(stdin, () => run({ secretStdin: true }, stdin))).toBe(1);
      expect(stdin.stderrText()).toMatch(/^error: invalid --secret-stdin/);
    });
  });

  it('rejects a secret that is not whsec_…', async () => {
    const ctx = fakeContext();
    expect(await exec(ctx, () => run({ secret: 'hunter2' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toMatch(/^error: invalid --secret/);
  });

  describe('answers chosen statuses, failures and delays, so retries can be exercised', () => {
    it('--fail-first 2 answers 500, 500, then 200 to the attempts of one webhook-id', async () => {
      const secret = generateSecret();
      const r = await receiving(['webhooks', 'receive', '--fail-first', '2', '--secret', secret, '--json']);
      const payload = fixture('message.read');
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await sendWebhook({ url: r.url, secret, payload }));
      const second = fixture('message.sent');
      const other = await sendWebhook({ url: r.url, secret, payload: second });
      expect(await r.stop()).toBe(0);

      expect(answers.map((a) => a.status)).toEqual([500, 500, 200]);
      expect(JSON.parse(answers[0]!.body)).toMatchObject({ error: { code: 'SIMULATED_FAILURE' } });
      expect(answers[2]!.body).toBe('{"ok":true}');
      expect(other.status).toBe(500); // a new webhook-id starts over
      expect(r.lines().map((l) => [l.id, l.attempt, l.status, l.verified])).toEqual([
        [payload.id, 1, 500, true],
        [payload.id, 2, 500, true],
        [payload.id, 3, 200, true],
        [second.id, 1, 500, true],
      ]);
      expect(r.ctx.stderrText()).toContain(
        'Answering 200 to accepted webhooks; 500 to the first 2 attempt(s) of each webhook-id.',
      );
    });

    it('shows the status answered on the human line, with the attempt', async () => {
      const r = await receiving(['webhooks', 'receive', '--fail-first', '1', '--fail-status', '503']);
      const payload = fixture('message.delivered');
      await sendWebhook({ url: r.url, secret: generateSecret(), payload });
      await sendWebhook({ url: r.url, secret: generateSecret(), payload });
      await r.stop();
      expect(r.ctx.stdoutText()).toMatch(
        new RegExp(
          `  503  message.delivered ${payload.id}  unverified\\n.*  200  message.delivered ${payload.id}  unverified \\(attempt 2\\)\\n$`,
        ),
      );
    });

    it('--status 410 answers 410 to every accepted webhook, and 401 still wins for bad signatures', async () => {
      const secret = generateSecret();
      const r = await receiving(['webhooks', 'receive', '--status', '410', '--secret', secret, '--json']);
      const gone = await sendWebhook({ url: r.url, secret, payload: fixture('message.read') });
      const again = await sendWebhook({ url: r.url, secret, payload: fixture('message.read') });
      const forged = await sendWebhook({
        url: r.url,
        secret: generateSecret(),
        payload: fixture('message.read'),
      });
      await r.stop();
      expect([gone.status, again.status, forged.status]).toEqual([410, 410, 401]);
      expect(r.lines().map((l) => l.status)).toEqual([410, 410, 401]);
    });

    it('--retry-after is sent with the failures only', async () => {
      const r = await receiving(['webhooks', 'receive', '--fail-first', '1', '--retry-after', '30']);
      const body = JSON.stringify(fixture('session.status'));
      const post = () => fetch(r.url, { method: 'POST', body, headers: { 'webhook-id': 'evt_same' } });
      const [failed, passed] = [await post(), await post()];
      await r.stop();
      expect([failed.status, passed.status]).toEqual([500, 200]);
      expect(failed.headers.get('retry-after')).toBe('30');
      expect(passed.headers.get('retry-after')).toBeNull();
    });

    it('--delay makes every answer wait', async () => {
      const secret = generateSecret();
      const r = await receiving(['webhooks', 'receive', '--delay', '400', '--secret', secret, '--json']);
      const slow = await sendWebhook({ url: r.url, secret, payload: fixture('message.read') });
      const timedOut = await sendWebhook({
        url: r.url,
        secret,
        payload: fixture('message.read'),
        timeoutMs: 100,
      }).catch((e: unknown) => e);
      await r.stop();
      expect(slow.status).toBe(200);
      expect(slow.durationMs).toBeGreaterThanOrEqual(380);
      expect(timedOut).toMatchObject({ code: 'TIMEOUT' });

      const fast = await receiving(['webhooks', 'receive', '--secret', secret]);
      const quick = await sendWebhook({ url: fast.url, secret, payload: fixture('message.read') });
      await fast.stop();
      expect(quick.durationMs).toBeLessThan(380);
    });

    it('--fail-rate 1 fails everything, --fail-rate 0.5 --seed N fails the same deliveries each run', async () => {
      const all = await receiving(['webhooks', 'receive', '--fail-rate', '1', '--fail-status', '502']);
      const failed = await sendWebhook({
        url: all.url,
        secret: generateSecret(),
        payload: fixture('message.read'),
      });
      await all.stop();
      expect(failed.status).toBe(502);

      const trial = async () => {
        const r = await receiving(['webhooks', 'receive', '--fail-rate', '0.5', '--seed', '7']);
        const got = [];
        for (let i = 0; i < 12; i++)
          got.push(
            (await sendWebhook({ url: r.url, secret: generateSecret(), payload: fixture('message.read') }))
              .status,
          );
        await r.stop();
        expect(r.ctx.stderrText()).toContain('500 to 50% of the attempts (seed 7)');
        return got;
      };
      const first = await trial();
      expect(await trial()).toEqual(first);
      expect(first).toContain(500);
      expect(first).toContain(200);
    });

    it('`wagw webhooks listen` still works: an alias of receive', async () => {
      const r = await receiving(['webhooks', 'listen', '--status', '202', '--json']);
      const answer = await sendWebhook({
        url: r.url,
        secret: generateSecret(),
        payload: fixture('message.read'),
      });
      await r.stop();
      expect(answer.status).toBe(202);
      expect(r.lines()[0]).toMatchObject({ status: 202 });
    });
  });

  describe('bad answer flags are usage errors (exit 1)', () => {
    it.each([
      [['--status', '99'], "option '--status <code>' argument '99' is invalid"],
      [['--status', 'ok'], "option '--status <code>' argument 'ok' is invalid"],
      [['--fail-status', '200'], "option '--fail-status <code>' argument '200' is invalid"],
      [['--fail-first', '-1'], "option '--fail-first <n>' argument '-1' is invalid"],
      [
        ['--fail-rate', '1.5'],
        "option '--fail-rate <0..1>' argument '1.5' is invalid. expected a number from 0 to 1",
      ],
      [['--fail-rate', 'half'], "option '--fail-rate <0..1>' argument 'half' is invalid"],
      [['--seed', '1.5'], "option '--seed <n>' argument '1.5' is invalid"],
      [['--delay', 'soon'], "option '--delay <ms>' argument 'soon' is invalid"],
      [['--retry-after', '-3'], "option '--retry-after <seconds>' argument '-3' is invalid"],
    ])('%s', async (flags, message) => {
      const ctx = fakeContext({ loadWebhookSim: async () => ({ startReceiver }) });
      expect(await main(['webhooks', 'receive', ...flags], ctx)).toBe(1);
      expect(ctx.stderrText()).toContain(message);
      expect(ctx.stderrText()).not.toContain('Listening');

      const json = fakeContext({ loadWebhookSim: async () => ({ startReceiver }) });
      expect(await main(['webhooks', 'receive', ...flags, '--json'], json)).toBe(1);
      expect(JSON.parse(json.stderrText())).toMatchObject({ error: { code: 'USAGE' } });
    });

    it('run() checks them too, naming the flag', async () => {
      const ctx = fakeContext();
      expect(await exec(ctx, () => run({ failRate: 2 }, ctx))).toBe(1);
      expect(ctx.stderrText()).toMatch(/^error: invalid --fail-rate 2: expected a number from 0 to 1/);
      const delay = fakeContext();
      expect(await exec(delay, () => run({ delay: -1 }, delay))).toBe(1);
      expect(delay.stderrText()).toMatch(/^error: invalid --delay -1: expected an integer from 0/);
    });

    it('a port in use is PORT_IN_USE', async () => {
      const taken = await startReceiver({ port: 0 });
      try {
        const ctx = fakeContext({ loadWebhookSim: async () => ({ startReceiver }) });
        expect(await main(['webhooks', 'receive', '--port', String(taken.port), '--json'], ctx)).toBe(1);
        expect(JSON.parse(ctx.stderrText())).toMatchObject({ error: { code: 'PORT_IN_USE' } });
      } finally {
        await taken.close();
      }
    });
  });
});
