import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { delivery, page, webhookEndpoint } from '../../testing/fixtures.js';
import { run as create } from './create.js';
import { run as remove } from './delete.js';
import { run as deliveries } from './deliveries.js';
import { run as list } from './list.js';

describe('wagw webhooks', () => {
  const created = { ...webhookEndpoint({ events: ['message.read', 'message.failed'] }), secret: 'whsec_abc' };

  it('create registers the endpoint and shows the secret once', async () => {
    const webhooks = { create: vi.fn(async () => created) };
    const ctx = fakeContext({ client: { webhooks } });
    await create({ url: 'https://example.com/hooks', events: ['message.read', 'message.failed'] }, ctx);
    expect(webhooks.create).toHaveBeenCalledWith({
      url: 'https://example.com/hooks',
      events: ['message.read', 'message.failed'],
    });
    expect(ctx.stdoutText()).toMatch(/^secret:\s+whsec_abc$/m);
    expect(ctx.stdoutText()).toMatch(/^events:\s+message.read, message.failed$/m);
    expect(ctx.stderrText()).toContain('shown only now');
  });

  it('create --json; --server-url picks the gateway since --url is the endpoint', async () => {
    const ctx = fakeContext({ client: { webhooks: { create: async () => created } } });
    await create({ url: 'https://example.com/hooks', serverUrl: 'http://gw:3000', json: true }, ctx);
    expect(JSON.parse(ctx.stdoutText())).toEqual(created);
    expect(ctx.clientsCreated[0]?.url).toBe('http://gw:3000');
  });

  it('create needs --url when stdin is not a TTY, and prompts for it on a TTY', async () => {
    const webhooks = { create: vi.fn(async () => created) };
    const ctx = fakeContext({ client: { webhooks } });
    expect(await exec(ctx, () => create({}, ctx))).toBe(1);
    expect(ctx.stderrText()).toBe('error: missing required option --url\n');

    const tty = fakeContext({ client: { webhooks }, stdinIsTTY: true, answers: ['https://typed.example/h'] });
    await create({}, tty);
    expect(webhooks.create).toHaveBeenCalledWith({ url: 'https://typed.example/h' });
  });

  it('list, delete and deliveries', async () => {
    const webhooks = {
      list: vi.fn(() => page([webhookEndpoint()])),
      delete: vi.fn(async (id: string) => ({ id, deleted: true as const })),
      deliveries: vi.fn(() =>
        page([
          delivery(),
          delivery({
            id: 'whd_2',
            status: 'pending',
            attempt_count: 2,
            next_attempt_at: '2026-11-22T10:05:00.000Z',
            attempts: [
              {
                attempt: 1,
                request_headers: null,
                status_code: null,
                response_headers: null,
                duration_ms: 15000,
                response_body: null,
                error: 'timeout',
                created_at: '2026-11-22T10:00:00.000Z',
              },
            ],
          }),
        ]),
      ),
    };
    const ctx = fakeContext({ client: { webhooks } });
    await list({}, ctx);
    expect(ctx.stdoutText()).toMatch(/^whk_1\s+https:\/\/example.com\/hooks\s+\*\s+yes/m);
    await remove({ id: 'whk_1' }, ctx);
    expect(webhooks.delete).toHaveBeenCalledWith('whk_1');
    expect(ctx.stdoutText()).toContain('Deleted webhook endpoint whk_1.');
    await deliveries({ id: 'whk_1', limit: 10 }, ctx);
    expect(webhooks.deliveries).toHaveBeenCalledWith('whk_1', { limit: 10 });
    expect(ctx.stdoutText()).toMatch(/^whd_1\s+message.sent evt_1\s+succeeded\s+1\s+HTTP 200 in 12ms\s+-$/m);
    expect(ctx.stdoutText()).toMatch(
      /^whd_2\s+.*pending\s+2\s+timeout in 15000ms\s+2026-11-22T10:05:00.000Z$/m,
    );

    const json = fakeContext({ client: { webhooks } });
    await deliveries({ id: 'whk_1', json: true }, json);
    expect(JSON.parse(json.stdoutText()).data).toHaveLength(2);
  });
});
