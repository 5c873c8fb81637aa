import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wagw } from '@wagw/sdk';
import { createServer, type WagwServer } from '@wagw/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run as exportMessages } from './export.js';
import { run as search } from './search.js';

/** `wagw messages search` against a real server's full-text search. */
describe('wagw messages search', () => {
  let server: WagwServer;
  let url: string;
  let key: string;
  let dir: string;
  let session: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wagw-cli-search-'));
    server = await createServer({ dataDir: join(dir, 'data'), logLevel: 'silent', port: 0 });
    key = (await server.gateway.tenants.initAdmin()).apiKey as string;
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const wagw = new Wagw({ baseUrl: url, apiKey: key });
    session = (await wagw.sessions.create({ auto_pair: true, start: false })).id;
    for (let i = 0; i < 25; i++) {
      await wagw.messages.send(session, { type: 'text', to: '+14155550000', text: `invoice number ${i}` });
    }
    await wagw.messages.send(session, { type: 'text', to: '+14155550001', text: 'lunch at noon?' });
  });
  afterAll(async () => {
    await server.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const context = () =>
    fakeContext({
      env: { WAGW_URL: url, WAGW_API_KEY: key },
      createClient: (c) => new Wagw({ baseUrl: c.url, apiKey: c.apiKey }),
    });

  it('finds messages by a word and prints them as a table', async () => {
    const ctx = context();
    expect(await exec(ctx, () => search(['lunch'], { session }, ctx))).toBe(0);
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/out\s+queued\s+\+14155550001\s+lunch at noon\?/);
  });

  it('--all pages through every match; a default search says more exist', async () => {
    const some = context();
    await exec(some, () => search(['invoice'], { session, json: true }, some));
    expect(JSON.parse(some.stdoutText())).toMatchObject({ has_more: true });
    expect(JSON.parse(some.stdoutText()).data).toHaveLength(20);
    const all = context();
    expect(await exec(all, () => search(['invoice'], { session, all: true, json: true }, all))).toBe(0);
    expect(JSON.parse(all.stdoutText()).data).toHaveLength(25);
    const chat = context();
    await exec(chat, () => search([], { session, chat: '+14155550001', json: true }, chat));
    expect(JSON.parse(chat.stdoutText()).data.map((m: { text: string }) => m.text)).toEqual([
      'lunch at noon?',
    ]);
  });

  it('a bad filter is the server’s coded error', async () => {
    const ctx = context();
    expect(await exec(ctx, () => search([], { session, since: 'yesterday' }, ctx))).not.toBe(0);
    expect(ctx.stderrText()).toContain('since must be an ISO 8601');
  });

  it('export writes a chat as CSV to a file, and JSON Lines to stdout', async () => {
    const file = join(dir, 'chat.csv');
    const ctx = context();
    expect(
      await exec(ctx, () =>
        exportMessages({ session, format: 'csv', chat: '+14155550001', output: file }, ctx),
      ),
    ).toBe(0);
    const rows = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('lunch at noon?');
    const stdout = context();
    expect(await exec(stdout, () => exportMessages({ session, query: 'invoice' }, stdout))).toBe(0);
    const lines = stdout
      .stdoutText()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(25);
    expect(lines[0].text).toBe('invoice number 0');
  });
});
