import { fixture, generateSecret, type ReceiverOptions, sendWebhook, startReceiver } from '@wagw/webhook-sim';
import { describe, expect, it } from 'vitest';
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

  it('rejects a secret that is not whsec_…', async () => {
    const ctx = fakeContext();
    expect(await exec(ctx, () => run({ secret: 'hunter2' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toMatch(/^error: invalid --secret/);
  });
});
