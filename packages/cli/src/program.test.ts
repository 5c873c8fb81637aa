import { APIConnectionError, APIError } from '@wagw/sdk';
import type { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { fakeContext } from './testing/fake-context.js';
import { message, page, session } from './testing/fixtures.js';

describe('the command tree', () => {
  it('parses flags into run() options (send text)', async () => {
    const messages = {
      send: vi.fn(async () => message()),
      waitForStatus: vi.fn(async () => message({ status: 'read' })),
    };
    const ctx = fakeContext({ client: { messages } });
    const code = await main(
      [
        'send',
        'text',
        '--session',
        'ses_1',
        '--to',
        '+15551234567',
        '--text',
        'Hi there',
        '--wait',
        'read',
        '--timeout',
        '7',
        '--idempotency-key',
        'k1',
        '--url',
        'http://flag:3000',
        '--api-key',
        'key_flag',
        '--json',
      ],
      ctx,
    );
    expect(code).toBe(0);
    expect(ctx.clientsCreated).toEqual([{ url: 'http://flag:3000', apiKey: 'key_flag' }]);
    expect(messages.send).toHaveBeenCalledWith(
      'ses_1',
      { type: 'text', to: '+15551234567', text: 'Hi there' },
      { idempotencyKey: 'k1' },
    );
    expect(messages.waitForStatus).toHaveBeenCalledWith('msg_1', 'read', { timeoutMs: 7000 });
    expect(JSON.parse(ctx.stdoutText())).toMatchObject({ status: 'read' });
  });

  it('passes positional ids and defaults (sessions pair, webhooks create --events)', async () => {
    const sessions = { get: vi.fn(async () => session()) };
    const webhooks = {
      create: vi.fn(async () => ({ id: 'whk_1', url: 'u', events: ['a', 'b'], secret: 's' })),
    };
    const ctx = fakeContext({ client: { sessions, webhooks } });
    expect(await main(['sessions', 'pair', 'ses_9'], ctx)).toBe(0);
    expect(sessions.get).toHaveBeenCalledWith('ses_9');
    expect(await main(['webhooks', 'create', '--url', 'https://x.test/h', '--events', 'a, b'], ctx)).toBe(0);
    expect(webhooks.create).toHaveBeenCalledWith({ url: 'https://x.test/h', events: ['a', 'b'] });
  });

  it('lists with --limit as a number', async () => {
    const sessions = { list: vi.fn(() => page([])) };
    const ctx = fakeContext({ client: { sessions } });
    expect(await main(['sessions', 'list', '--limit', '5', '--json'], ctx)).toBe(0);
    expect(sessions.list).toHaveBeenCalledWith({ limit: 5 });
  });

  it('exits 1 on usage errors commander catches, with a pointer to --help', async () => {
    const ctx = fakeContext();
    expect(await main(['sessions', 'list', '--limit', 'lots'], ctx)).toBe(1);
    expect(ctx.stderrText()).toContain("option '--limit <n>' argument 'lots' is invalid");
    expect(await main(['send', 'text', '--wait', 'soon'], ctx)).toBe(1);
    expect(await main(['nope'], ctx)).toBe(1);
    expect(ctx.stderrText()).toContain("unknown command 'nope'");
  });

  describe('errors under --json: one JSON line on stderr, same exit codes', () => {
    const errorLine = (ctx: ReturnType<typeof fakeContext>) => {
      const lines = ctx.stderrText().trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      return JSON.parse(lines[0]!);
    };

    it("an API error: the server's code, message and request id", async () => {
      const sessions = {
        get: vi.fn(async () => {
          throw APIError.generate(
            404,
            { code: 'SESSION_NOT_FOUND', message: 'No session ses_x.', request_id: 'req_42' },
            'No session ses_x.',
            new Headers(),
          );
        }),
      };
      const ctx = fakeContext({ client: { sessions } });
      expect(await main(['sessions', 'get', 'ses_x', '--json'], ctx)).toBe(1);
      expect(errorLine(ctx)).toEqual({
        error: { code: 'SESSION_NOT_FOUND', message: 'No session ses_x.', request_id: 'req_42' },
      });
      expect(ctx.stdoutText()).toBe('');
    });

    it('a usage error, found by commander or by the command', async () => {
      const parse = fakeContext();
      expect(await main(['sessions', 'list', '--limit', 'lots', '--json'], parse)).toBe(1);
      expect(errorLine(parse)).toEqual({
        error: {
          code: 'USAGE',
          message: "option '--limit <n>' argument 'lots' is invalid. expected an integer from 1 to 100.",
          request_id: null,
        },
      });
      const unknown = fakeContext();
      expect(await main(['sessions', 'list', '--json', '--nope'], unknown)).toBe(1);
      expect(errorLine(unknown).error).toMatchObject({ code: 'USAGE', message: "unknown option '--nope'" });
      const missing = fakeContext();
      expect(await main(['sessions', '--json'], missing)).toBe(1);
      expect(errorLine(missing).error.code).toBe('USAGE');

      const ctx = fakeContext({ client: { messages: { send: vi.fn() } } });
      expect(await main(['send', 'text', '--session', 'ses_1', '--text', 'hi', '--json'], ctx)).toBe(1);
      expect(errorLine(ctx)).toEqual({
        error: { code: 'USAGE', message: 'missing required option --to', request_id: null },
      });
    });

    it('a connection error', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      const sessions = {
        list: vi.fn(async () => {
          throw new APIConnectionError(undefined, {
            cause: new TypeError('fetch failed', { cause: refused }),
          });
        }),
      };
      const ctx = fakeContext({ client: { sessions } });
      expect(await main(['sessions', 'list', '--json'], ctx)).toBe(1);
      expect(errorLine(ctx)).toEqual({
        error: {
          code: 'CONNECTION_FAILED',
          message: 'could not reach the wagw server: Connection error. (connect ECONNREFUSED 127.0.0.1:9)',
          request_id: null,
        },
      });
    });

    it('not logged in: exit 4', async () => {
      const ctx = fakeContext({ profile: null });
      expect(await main(['messages', 'get', 'msg_1', '--json'], ctx)).toBe(4);
      expect(errorLine(ctx).error).toMatchObject({ code: 'NOT_LOGGED_IN', request_id: null });
    });

    it('takes --json as the flag only where commander does: a --text value stays text', async () => {
      const ctx = fakeContext({ profile: null });
      expect(await main(['send', 'text', '--session', 's', '--to', '+1', '--text', '--json'], ctx)).toBe(4);
      expect(ctx.stderrText()).toMatch(/^error: not logged in/);
    });
  });

  it('exits 4 when not logged in', async () => {
    const ctx = fakeContext({ profile: null });
    expect(await main(['messages', 'get', 'msg_1'], ctx)).toBe(4);
  });

  it('prints help with examples to stdout and exits 0', async () => {
    const ctx = fakeContext();
    expect(await main(['send', 'text', '--help'], ctx)).toBe(0);
    expect(ctx.stdoutText()).toContain('Usage: wagw send text [options]');
    expect(ctx.stdoutText()).toContain('Examples:\n  $ wagw send text --session ses_123');
  });

  it('gives every leaf command --json and an Examples section', async () => {
    const { buildProgram } = await import('./program.js');
    const program = buildProgram(fakeContext());
    // Groups nest (`admin invoices pay`): every command without subcommands is a leaf.
    const leavesOf = (c: Command): Command[] => (c.commands.length > 0 ? c.commands.flatMap(leavesOf) : [c]);
    const leaves = program.commands.flatMap(leavesOf);
    expect(leaves.length).toBeGreaterThanOrEqual(20);
    for (const leaf of leaves) {
      expect(
        leaf.options.map((o) => o.long),
        leaf.name(),
      ).toContain('--json');
      const help: string[] = [];
      leaf.configureOutput({ writeOut: (t) => help.push(t) });
      leaf.outputHelp();
      expect(help.join(''), leaf.name()).toContain('Examples:');
    }
  });
});
