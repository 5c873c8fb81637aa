import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Message, Wagw } from '@wagw/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, type Deployment, deployment, login, type Served, serve, until } from './e2e-harness.js';

const RECIPIENTS = 1000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The done-when of broadcasts, as a user meets it: `wagw broadcasts create --csv` with 1,000 rows
 * follows the broadcast while the server is SIGKILLed midway and started again; it completes, and
 * every recipient has exactly one message, sent once.
 */
describe('wagw broadcasts create --csv through a server SIGKILL', () => {
  let d: Deployment;
  const servers: Served[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    rmSync(d.dataDir, { recursive: true, force: true });
  });

  it('completes with its progress shown, and each recipient has exactly one message', async () => {
    d = deployment('sqlite');
    const port = await freePort();
    const first = await serve(d, port);
    servers.push(first);
    expect((await login(d, first.url, first.apiKey!)).code).toBe(0);
    const api = new Wagw({ baseUrl: first.url, apiKey: first.apiKey! });
    const session = await api.sessions.create({ auto_pair: true });
    await until(
      () => api.sessions.get(session.id),
      (s) => s.status === 'connected',
    );
    const csv = join(d.dataDir, 'customers.csv');
    // 1000–1999: none of the sandbox's special endings (0001–0004 fail, echo, …).
    const phone = (i: number) => `+1415556${1000 + i}`;
    writeFileSync(
      csv,
      ['phone,first_name', ...Array.from({ length: RECIPIENTS }, (_, i) => `${phone(i)},Customer ${i}`)].join(
        '\n',
      ),
    );

    const child = spawn(
      process.execPath,
      [
        BIN,
        'broadcasts',
        'create',
        '--session',
        session.id,
        '--csv',
        csv,
        '--text',
        'Hi {{first_name}}',
        '--per-minute',
        '6000',
      ],
      { env: d.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    const id = await until(
      async () => /(brd_\w+): 1000 recipients/.exec(stderr)?.[1],
      (found) => found !== undefined,
    );
    const midway = await until(
      () => api.broadcasts.get(id!),
      (b) => b.progress.queued >= 250,
    );
    expect(midway.progress.queued).toBeLessThan(RECIPIENTS);
    first.process.kill('SIGKILL');
    await first.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    const second = await serve(d, port);
    servers.push(second);

    expect(await exited, stderr).toBe(0);
    expect(stderr).toMatch(/running \d+\/1000 · sent \d+/);
    expect(stderr).toContain('(the server is unreachable');
    expect(stderr).toContain('(the server is back)');
    expect(stdout).toMatch(/status:\s+completed/);

    const done = await api.broadcasts.get(id!);
    expect(done.progress).toMatchObject({ total: RECIPIENTS, queued: RECIPIENTS, pending: 0, failed: 0 });
    const recipients = (await api.broadcasts.recipients(id!, { limit: 1000 })).data;
    expect(recipients).toHaveLength(RECIPIENTS);
    expect(new Set(recipients.map((r) => r.message_id)).size).toBe(RECIPIENTS);
    const messages: Message[] = [];
    // Outbound only: what the broadcast sent.
    for await (const m of api.messages.list(session.id, { limit: 100, direction: 'outbound' }))
      messages.push(m);
    expect(messages).toHaveLength(RECIPIENTS);
    const perPhone = new Map<string, number>();
    for (const m of messages) perPhone.set(m.to ?? '', (perPhone.get(m.to ?? '') ?? 0) + 1);
    expect(perPhone.size).toBe(RECIPIENTS);
    expect([...perPhone.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(messages.filter((m) => m.sent_at === null).map((m) => [m.status, m.error?.code])).toEqual([]);
    // Sent once each, too: the engine's own log has one send per message (a sample of 50).
    for (const m of messages.slice(0, 50)) expect(await d.engineSends(m.wa_message_id!)).toBe(1);
  }, 180_000);
});
