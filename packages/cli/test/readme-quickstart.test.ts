import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Wagw } from '@wagw/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from './terminal.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Commands of a code block: its lines but blank ones and comments. */
const commandsOf = (block: string) => block.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));

/** The server part of the README's first command (as `.ci/run` reads its second): `… wagw serve`. */
function firstServeCommand(readme: string): string {
  const [first] = commandsOf(/```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '');
  return (first ?? '').split('&&').at(-1)!.trim();
}

/** Every command of the `sh` blocks of the README's "Five minutes, no phone" section, in order. */
function quickstartCommands(readme: string): string[] {
  const start = readme.indexOf('## Five minutes, no phone');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const commands: string[] = [];
  for (const [, body] of section.matchAll(/```sh\n([\s\S]*?)```/g)) commands.push(...commandsOf(body ?? ''));
  return commands;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** What the shell runs of a README line: without its trailing `# comment`. */
const withoutComment = (line: string) => line.replace(/\s+#\s.*$/, '');

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/**
 * The README's quickstart, run as a newcomer runs it: the server part of the first command, then
 * every command of "Five minutes, no phone" exactly as written, each in its own terminal (a
 * pseudo-terminal, so the hidden prompts are real), from the repository root. The keys are pasted
 * at the prompts the way the README says. Only what a reader's machine would differ in is changed:
 * the ports (free ones instead of 3000 and 4000) and the ids the earlier commands printed (for
 * `ses_…`, `whk_…`); data and profile go to a temporary directory through WAGW_* variables.
 */
describe.skipIf(process.platform === 'win32')("the README's quickstart", () => {
  const home = mkdtempSync(join(tmpdir(), 'wagw-readme-'));
  const terminals: Terminal[] = [];
  afterAll(async () => {
    await Promise.all(terminals.map((t) => t.close()));
    rmSync(home, { recursive: true, force: true });
  });

  it('runs as written, and shows each secret only where it is printed once on purpose', async () => {
    expect(
      existsSync(join(ROOT, 'node_modules', '.bin', 'wagw')),
      'node_modules/.bin/wagw is missing: run `npx -y pnpm@10 install` (the root depends on the CLI)',
    ).toBe(true);
    const serveCommand = firstServeCommand(README);
    expect(serveCommand).toBe('npx -y pnpm@10 wagw serve');
    const commands = quickstartCommands(README);
    expect(commands.length).toBeGreaterThanOrEqual(10);

    const [serverPort, hookPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('WAGW_')),
    );
    Object.assign(env, {
      WAGW_PORT: String(serverPort),
      WAGW_DATA_DIR: join(home, 'data'),
      WAGW_CONFIG_DIR: join(home, 'config'),
    });
    const ids: Record<string, string> = {};
    const secrets = { adminKey: '', webhookSecret: '' };
    const ran: string[] = [];
    // Placeholders are filled in the command, not in its comment (`# → ses_…` says what it prints).
    const localize = (command: string) =>
      withoutComment(command)
        .replaceAll('127.0.0.1:3000', `127.0.0.1:${serverPort}`)
        .replaceAll('127.0.0.1:4000', `127.0.0.1:${hookPort}`)
        .replaceAll('--port 4000', `--port ${hookPort}`)
        .replace(/\b(ses|whk)_…/g, (_m, prefix: string) => {
          expect(ids[prefix], `${command}: no earlier command printed a ${prefix}_ id`).toBeDefined();
          return ids[prefix]!;
        }) + command.slice(withoutComment(command).length);
    const open = (command: string) => {
      const line = localize(command);
      ran.push(line);
      const t = openTerminal(line, { cwd: ROOT, env });
      terminals.push(t);
      // Paste a key where a prompt asks for one, as the README's comments say.
      const answer = (prompt: RegExp, secret: () => string) =>
        t.shows(prompt).then(
          () => t.type(`${secret()}\r`),
          () => {},
        );
      void answer(/\? API key/, () => secrets.adminKey);
      void answer(/\? Webhook signing secret/, () => secrets.webhookSecret);
      return t;
    };
    const startServer = async (command: string) => {
      const t = open(command);
      await t.shows(/wagw is running at http:\/\/127\.0\.0\.1:\d+[\s\S]*Press Ctrl-C to stop/);
      return t;
    };

    let server = await startServer(serveCommand);
    const printed = /Admin API key[^\n]*\n\s*\n\s*(wagw_(?:live|test)_\S+)/.exec(server.text());
    expect(printed, server.text()).not.toBeNull();
    secrets.adminKey = printed![1]!;
    let listener: Terminal | undefined;

    for (const command of commands) {
      const bare = withoutComment(command);
      if (/\bwagw serve\b/.test(bare)) {
        server.interrupt();
        await server.shows('Stopped.');
        await server.exited;
        server = await startServer(command);
        continue;
      }
      if (/\bwebhooks (listen|receive)\b/.test(bare)) {
        listener = open(command);
        await listener.shows('Listening for webhooks on');
        continue;
      }
      if (/\bwebhooks (deliveries|attempts)\b/.test(bare) && listener) {
        // As a reader would: look at the third terminal until the webhooks of the last send are in.
        await listener.shows(/message\.read evt_\S+\s+verified/);
      }
      const t = open(command);
      const code = await t.exited;
      expect(code, `${t.command}\n${t.text()}`).toBe(0);
      for (const [, prefix, id] of t.text().matchAll(/\b(ses|whk)_([A-Za-z0-9]+)/g)) {
        ids[prefix!] ??= `${prefix}_${id}`;
      }
      secrets.webhookSecret ||= /\bwhsec_[A-Za-z0-9+/=]+/.exec(t.text())?.[0] ?? '';
    }

    // It worked: logged in, paired, read, and webhooks verified with the pasted secret.
    const byCommand = (pattern: RegExp) => terminals.find((t) => pattern.test(t.command))!;
    expect(byCommand(/ login /).text()).toMatch(/Logged in to http:\/\/127\.0\.0\.1:\d+ as tenant/);
    expect(statSync(join(home, 'config', 'config.json')).mode & 0o777).toBe(0o600);
    expect(byCommand(/sessions pair/).text()).toMatch(/Connected/);
    expect(byCommand(/--wait read/).text()).toMatch(/msg_\S+ read → \+14155550000/);
    expect(listener?.text()).toMatch(/200 {2}message\.read evt_\S+ {2}verified/);
    expect(listener?.text()).not.toMatch(/rejected/);
    expect(byCommand(/webhooks attempts/).text()).toMatch(/whd_\S+\s+message\.\w+ evt_/);
    const api = new Wagw({ baseUrl: `http://127.0.0.1:${serverPort}`, apiKey: secrets.adminKey });
    for (;;) {
      const { data } = await api.webhooks.deliveries(ids.whk!);
      if (data.some((d) => d.status === 'succeeded' && d.attempts[0]?.status_code === 200)) break;
      await delay(100);
    }

    // The secrets: each printed once, where it is meant to be, and nowhere else; never in a
    // command (shell history, `ps`), nor in pnpm's echo of the script it runs.
    expect(secrets.adminKey).toMatch(/^wagw_live_/);
    expect(secrets.webhookSecret).toMatch(/^whsec_/);
    const first = terminals[0]!;
    expect(first.text()).toMatch(/^> node packages\/cli\/bin\/wagw\.js serve$/m);
    const shown = terminals.map((t) => t.text()).join('\n');
    expect(count(shown, secrets.adminKey)).toBe(1);
    expect(count(first.text(), secrets.adminKey)).toBe(1);
    expect(count(shown, secrets.webhookSecret)).toBe(1);
    expect(count(byCommand(/webhooks create/).text(), secrets.webhookSecret)).toBe(1);
    for (const command of ran) {
      expect(command).not.toContain(secrets.adminKey);
      expect(command).not.toContain(secrets.webhookSecret);
    }
    // The prompts hid what was pasted.
    expect(byCommand(/ login /).text()).toMatch(/\? API key \*+/);
    expect(listener?.text()).toMatch(/\? Webhook signing secret \(whsec_…\) \*+/);

    listener?.interrupt();
    await listener?.shows('Stopped; received');
    server.interrupt();
    await server.shows('Stopped.');
  }, 300_000);
});
