import { NotFoundError } from '@wagw/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../testing/fake-context.js';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';
import { run } from './tail.js';

describe('wagw logs tail', () => {
  let live: LiveServer;
  beforeAll(async () => {
    live = await startLiveServer();
  });
  afterAll(() => live.close());

  it('prints the requests a second client makes, one line each, filtered', async () => {
    const ctx = live.context();
    const tail = exec(ctx, () => run({ status: '4xx' }, ctx));
    await ctx.stderrShows('Tailing API requests');
    const other = live.client();
    // The tail starts with the next request once its stream is open, which the CLI does not
    // announce: make requests until one shows.
    const session = await other.sessions.create({ start: false });
    let shown = false;
    ctx.stdoutShows('SESSION_NOT_FOUND').then(() => {
      shown = true;
    });
    while (!shown) {
      await other.sessions.get('ses_missing').catch((e) => expect(e).toBeInstanceOf(NotFoundError));
      await new Promise((r) => setTimeout(r, 50));
    }
    ctx.interrupt();
    expect(await tail).toBe(0);
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} {2}GET {5}404 {2}\/v1\/sessions\/ses_missing {2}\d+ms {2}SESSION_NOT_FOUND {2}req_\S+$/,
    );
    expect(lines.every((l) => l.includes(' 404 '))).toBe(true);
    expect(ctx.stdoutText()).not.toContain(session.id);
  });

  it('--json prints one entry per line', async () => {
    const ctx = live.context();
    const tail = exec(ctx, () => run({ json: true, method: 'post', path: '/v1/sessions' }, ctx));
    await ctx.stderrShows('Tailing API requests');
    const other = live.client();
    let shown = false;
    ctx.stdoutShows('"method":"POST"').then(() => {
      shown = true;
    });
    while (!shown) {
      await other.sessions.list();
      await other.sessions.create({ start: false });
      await new Promise((r) => setTimeout(r, 50));
    }
    ctx.interrupt();
    expect(await tail).toBe(0);
    const entries = ctx
      .stdoutText()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.every((e) => e.method === 'POST' && e.route === '/v1/sessions' && e.status === 201)).toBe(
      true,
    );
  });
});
