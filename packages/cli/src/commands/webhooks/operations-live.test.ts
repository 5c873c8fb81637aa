import { startReceiver, type WebhookReceiver } from '@wagw/webhook-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';
import { run as attempts } from './attempts.js';
import { run as create } from './create.js';
import { run as recover } from './recover.js';
import { run as resend } from './resend.js';
import { run as rotateSecret } from './rotate-secret.js';
import { run as sendTest } from './send-test.js';
import { run as update } from './update.js';

const until = async <T>(check: () => Promise<T | undefined>): Promise<T> => {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met within 20 s');
};

/** The commands against a real server: what they send is what its schemas accept. */
describe('wagw webhooks operations against a server', () => {
  let live: LiveServer;
  let receiver: WebhookReceiver;
  let failing = true;
  beforeAll(async () => {
    live = await startLiveServer({ allowPrivateWebhooks: true });
    receiver = await startReceiver({ port: 0, respondWith: () => (failing ? 503 : 200) });
  });
  afterAll(async () => {
    await receiver.close();
    await live.close();
  });

  const json = <T>(ctx: ReturnType<LiveServer['context']>): T => JSON.parse(ctx.stdoutText()) as T;

  it('update, test, rotate-secret, resend, recover and attempts', async () => {
    const created = live.context();
    await create({ url: receiver.url, events: ['webhook.*'], json: true }, created);
    const { id } = json<{ id: string }>(created);

    const updated = live.context();
    await update({ id, retrySchedule: '0', disableAfter: '86400', json: true }, updated);
    expect(json(updated)).toMatchObject({ retry_schedule: [0], disable_after_seconds: 86_400 });

    await expect(sendTest({ id }, live.context())).rejects.toMatchObject({ code: 'WEBHOOK_TEST_FAILED' });
    failing = false;
    const tested = live.context();
    await sendTest({ id, json: true }, tested);
    expect(json(tested)).toMatchObject({ ok: true, status_code: 200 });

    const rotated = live.context();
    await rotateSecret({ id, overlap: 60, json: true }, rotated);
    expect(json<{ secret: string }>(rotated).secret).toMatch(/^whsec_/);

    // An event that fails its only attempt, then is recovered; then resent.
    failing = true;
    const client = live.client();
    const event = await client.events.trigger('webhook.endpoint_disabled', {});
    await until(async () => {
      const page = await client.webhooks.deliveries(id);
      return page.data[0]?.status === 'failed' ? true : undefined;
    });
    failing = false;
    const recovered = live.context();
    await recover({ id, since: '10m', json: true }, recovered);
    expect(json(recovered)).toEqual({ queued: 1 });
    await until(async () => {
      const page = await client.webhooks.deliveries(id);
      return page.data[0]?.status === 'succeeded' ? true : undefined;
    });
    const resent = live.context();
    await resend({ id, eventId: event.id, json: true }, resent);
    expect(json(resent)).toMatchObject({ event_id: event.id, status: 'pending' });

    const listed = live.context();
    const deliveries = await until(async () => {
      const page = await client.webhooks.deliveries(id);
      return page.data.length === 3 && page.data.every((d) => d.status !== 'pending') ? page.data : undefined;
    });
    // Newest first: the resend, the recovery, the original that failed its only attempt.
    expect(deliveries.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    await attempts({ id, event: event.id, json: true }, listed);
    const rows = json<{ data: Array<{ status_code: number }> }>(listed).data;
    expect(rows.map((r) => r.status_code)).toEqual([200, 200, 503]);
    expect(receiver.received.filter((w) => w.payload?.id === event.id).map((w) => w.response.status)).toEqual(
      [503, 200, 200],
    );
  });
});
