import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@wagw/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../testing/fake-context.js';
import { type LiveServer, startLiveServer } from '../testing/live-server.js';
import { run } from './listen.js';
import { run as runTrigger } from './trigger.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local app's webhook handler: records each request, answers 204. */
async function localReceiver() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('wagw listen', () => {
  let live: LiveServer;
  let local: Awaited<ReturnType<typeof localReceiver>>;
  beforeAll(async () => {
    live = await startLiveServer();
    local = await localReceiver();
  });
  afterAll(async () => {
    await local.close();
    await live.close();
  });

  it("forwards the server's events to the local URL, signed with the secret it prints", async () => {
    const ctx = live.context();
    const listening = exec(ctx, () => run({ forwardTo: local.url, events: ['session.*'] }, ctx));
    await ctx.stderrShows('Signing secret: whsec_');
    const secret = /Signing secret: (whsec_\S+)/.exec(ctx.stderrText())![1]!;
    // Triggered events go through the normal pipeline. The stream opens right after the secret is
    // printed: trigger until one is caught. A message.received, outside the filter, goes first.
    const client = live.client();
    const session = (await client.sessions.create({ start: false })).id;
    while (local.received.length === 0) {
      for (const type of ['message.received', 'session.status'] as const) {
        const t = live.context();
        expect(await exec(t, () => runTrigger(type, { session, json: true }, t))).toBe(0);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await ctx.stdoutShows('[204]');
    ctx.interrupt();
    expect(await listening).toBe(0);

    const first = local.received[0]!;
    const event = verifyWebhook({ payload: first.body, headers: first.headers, secret });
    expect(event.type).toBe('session.status');
    expect(event.session_id).toBe(session);
    expect(local.received.every((r) => JSON.parse(r.body).type === 'session.status')).toBe(true);
    expect(first.headers['webhook-id']).toBe(event.id);
    const listed = await client.events.list({ session_id: event.session_id ?? undefined, limit: 100 });
    const stored = listed.data.find((e) => e.id === event.id)!;
    expect(JSON.parse(first.body)).toEqual({
      id: stored.id,
      type: stored.type,
      timestamp: stored.created_at,
      session_id: stored.session_id,
      sequence: stored.sequence,
      data: stored.data,
    });
    expect(() =>
      verifyWebhook({
        payload: first.body,
        headers: first.headers,
        secret: `whsec_${Buffer.from('x'.repeat(24)).toString('base64')}`,
      }),
    ).toThrow();
    expect(ctx.stdoutText()).toMatch(
      new RegExp(
        `session\\.status ${event.id} --> \\[204\\] POST ${local.url.replaceAll('.', '\\.')} \\(\\d+ ms\\)`,
      ),
    );
  });

  it('forwards a `wagw trigger`ed event within a second, with a signature that verifies', async () => {
    const client = live.client();
    const session = (await client.sessions.create({ start: false })).id;
    const before = local.received.length;
    const ctx = live.context();
    const listening = exec(ctx, () => run({ forwardTo: local.url, events: ['message.received'] }, ctx));
    await ctx.stderrShows('Signing secret: whsec_');
    const secret = /Signing secret: (whsec_\S+)/.exec(ctx.stderrText())![1]!;
    // The stream opens right after the secret is printed: trigger until one arrives, timing each.
    let triggered: { id: string } | undefined;
    let took = Number.POSITIVE_INFINITY;
    while (local.received.length === before) {
      const t = live.context();
      const started = Date.now();
      expect(await exec(t, () => runTrigger('message.received', { session, json: true }, t))).toBe(0);
      triggered = JSON.parse(t.stdoutText());
      while (local.received.length === before && Date.now() - started < 1000) {
        await new Promise((r) => setTimeout(r, 10));
      }
      took = Date.now() - started;
    }
    ctx.interrupt();
    expect(await listening).toBe(0);
    const forwarded = local.received.at(-1)!;
    const event = verifyWebhook({ payload: forwarded.body, headers: forwarded.headers, secret });
    expect(event).toMatchObject({ id: triggered?.id, type: 'message.received', session_id: session });
    expect(took).toBeLessThan(1000);
  });

  it('--session and --json: only that session, one JSON line per forward; a failing target is reported', async () => {
    const client = live.client();
    const mine = await client.sessions.create({ start: false });
    const ctx = live.context();
    const closed = await localReceiver();
    await closed.close();
    const dead = closed.url;
    const listening = exec(ctx, () => run({ forwardTo: dead, session: mine.id, json: true }, ctx));
    await ctx.stdoutShows('"type":"ready"');
    const ready = JSON.parse(ctx.stdoutText().split('\n')[0]!);
    expect(ready.secret).toMatch(/^whsec_/);
    // Events of another session, then of this one: only this one's are forwarded.
    const other = (await client.sessions.create({ start: false })).id;
    let forwarded = false;
    ctx.stdoutShows('"type":"forwarded"').then(() => {
      forwarded = true;
    });
    while (!forwarded) {
      for (const session of [other, mine.id]) {
        const t = live.context();
        expect(await exec(t, () => runTrigger('session.status', { session, json: true }, t))).toBe(0);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    ctx.interrupt();
    expect(await listening).toBe(0);
    const forwards = ctx
      .stdoutText()
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l));
    expect(forwards.length).toBeGreaterThan(0);
    for (const f of forwards) {
      expect(f.status).toBeNull();
      expect(f.error).toBe('ECONNREFUSED');
    }
    const ids = new Set(
      (await client.events.list({ session_id: mine.id, limit: 100 })).data.map((e) => e.id),
    );
    expect(forwards.every((f) => ids.has(f.event_id))).toBe(true);
  });

  it('refuses a missing or bad --forward-to', async () => {
    const ctx = live.context();
    expect(await exec(ctx, () => run({}, ctx))).toBe(1);
    expect(await exec(ctx, () => run({ forwardTo: 'ftp://x' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain('--forward-to');
  });
});
