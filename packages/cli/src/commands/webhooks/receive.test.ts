import { fixture, generateSecret, type ReceiverOptions, sendWebhook, startReceiver } from '@wagw/webhook-sim';
import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run } from './listen.js';

describe('wagw webhooks listen', () => {
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
    /** Starts `listen` with these options, sends one webhook signed with `signWith`, returns its line. */
    async function listenOnce(
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
      const { ctx, line } = await listenOnce({ secretStdin: true }, secret, { stdin: `${secret}\n` });
      expect(line).toMatchObject({ verified: true, status: 200 });
      expect(ctx.stderrText()).toContain('Checking signatures');
      expect(ctx.stderrText()).not.toContain(secret);
    });

    it('asks for it, hidden, when --secret-stdin meets a terminal', async () => {
      const secret = generateSecret();
      const password = vi.fn(async () => secret);
      const { line } = await listenOnce({ secretStdin: true }, secret, {
        stdinIsTTY: true,
        prompts: { input: vi.fn(), password },
      });
      expect(password).toHaveBeenCalledWith({ message: 'Webhook signing secret (whsec_…)' });
      expect(line).toMatchObject({ verified: true });
    });

    it('takes WAGW_WEBHOOK_SECRET from the environment, and rejects what it does not sign', async () => {
      const secret = generateSecret();
      const { line } = await listenOnce({}, generateSecret(), { env: { WAGW_WEBHOOK_SECRET: secret } });
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
});
