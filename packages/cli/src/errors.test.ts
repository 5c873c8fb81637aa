import { APIConnectionError, APIError, MessageFailedError } from '@wagw/sdk';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  CliError,
  ExitCode,
  exitCodeFor,
  formatError,
  notLoggedIn,
  reportError,
  UsageError,
} from './errors.js';
import { authError, message } from './testing/fixtures.js';

describe('errors', () => {
  it('prints API errors as `error: <code>: <message> (request <id>)` and exits 1', () => {
    const error = APIError.generate(
      404,
      { code: 'SESSION_NOT_FOUND', message: 'No session ses_x.', request_id: 'req_42' },
      'No session ses_x.',
      new Headers(),
    );
    expect(formatError(error)).toEqual(['error: SESSION_NOT_FOUND: No session ses_x. (request req_42)']);
    expect(exitCodeFor(error)).toBe(ExitCode.error);
  });

  it('falls back to the HTTP status when the body was not a wagw error', () => {
    const error = APIError.generate(502, null, 'Bad Gateway', new Headers({ 'request-id': 'req_7' }));
    expect(formatError(error)).toEqual(['error: HTTP 502: Bad Gateway (request req_7)']);
  });

  it('maps a rejected key to exit 4 with a hint to log in', () => {
    expect(exitCodeFor(authError())).toBe(ExitCode.auth);
    expect(formatError(authError())).toEqual([
      'error: UNAUTHENTICATED: Invalid API key. (request req_123)',
      expect.stringMatching(/^hint: .*wagw login/),
    ]);
  });

  it('maps a cancelled prompt (Ctrl-C) to exit 2', () => {
    const cancelled = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    expect(exitCodeFor(cancelled)).toBe(ExitCode.cancelled);
    expect(formatError(cancelled)).toEqual(['cancelled']);
  });

  it('explains connection errors with their root cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = new APIConnectionError(undefined, { cause: new TypeError('fetch failed', { cause }) });
    expect(formatError(error)[0]).toBe(
      'error: could not reach the wagw server: Connection error. (connect ECONNREFUSED 127.0.0.1:1)',
    );
    expect(exitCodeFor(error)).toBe(ExitCode.error);
  });

  it('prints a failed message by its error code', () => {
    const failed = message({
      status: 'failed',
      error: { code: 'RECIPIENT_NOT_ON_WHATSAPP', message: 'nope' },
    });
    expect(formatError(new MessageFailedError(failed))).toEqual(['error: RECIPIENT_NOT_ON_WHATSAPP: nope']);
  });

  it('prints CLI errors with their hint and exit code', () => {
    const lines: string[] = [];
    const code = reportError(
      new CliError('boom', { code: 'NOT_LOGGED_IN', exitCode: ExitCode.auth, hint: 'do x' }),
      (t) => lines.push(t),
    );
    expect(code).toBe(4);
    expect(lines.join('')).toBe('error: boom\nhint: do x\n');
    expect(exitCodeFor(new UsageError('missing required option --to'))).toBe(1);
  });

  it('leaves commander errors to commander, keeping help at exit 0', () => {
    const lines: string[] = [];
    expect(
      reportError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), (t) => lines.push(t)),
    ).toBe(0);
    expect(reportError(new CommanderError(1, 'commander.unknownOption', 'x'), (t) => lines.push(t))).toBe(1);
    expect(lines).toEqual([]);
  });

  describe('as JSON (--json)', () => {
    const json = (error: unknown) => {
      const lines: string[] = [];
      const code = reportError(error, (t) => lines.push(t), { json: true });
      expect(lines.join('').endsWith('\n')).toBe(true);
      expect(lines.join('').trimEnd().split('\n')).toHaveLength(1);
      return { code, body: JSON.parse(lines.join('')) };
    };

    it("passes an API error on with the server's code, message and request id, and exit code", () => {
      const notFound = APIError.generate(
        404,
        { code: 'SESSION_NOT_FOUND', message: 'No session ses_x.', request_id: 'req_42' },
        'No session ses_x.',
        new Headers(),
      );
      expect(json(notFound)).toEqual({
        code: 1,
        body: { error: { code: 'SESSION_NOT_FOUND', message: 'No session ses_x.', request_id: 'req_42' } },
      });
      expect(json(authError())).toEqual({
        code: 4,
        body: { error: { code: 'UNAUTHENTICATED', message: 'Invalid API key.', request_id: 'req_123' } },
      });
      const bare = APIError.generate(502, null, 'Bad Gateway', new Headers({ 'request-id': 'req_7' }));
      expect(json(bare).body).toEqual({
        error: { code: 'HTTP_502', message: 'Bad Gateway', request_id: 'req_7' },
      });
    });

    it('gives CLI-side errors a CLI code and a null request id', () => {
      expect(json(new UsageError('missing required option --to'))).toEqual({
        code: 1,
        body: { error: { code: 'USAGE', message: 'missing required option --to', request_id: null } },
      });
      expect(
        json(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--nope'")),
      ).toEqual({
        code: 1,
        body: { error: { code: 'USAGE', message: "unknown option '--nope'", request_id: null } },
      });
      expect(json(notLoggedIn('API key')).code).toBe(4);
      expect(json(notLoggedIn('API key')).body.error).toMatchObject({
        code: 'NOT_LOGGED_IN',
        request_id: null,
      });
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      const unreachable = new APIConnectionError(undefined, {
        cause: new TypeError('fetch failed', { cause: refused }),
      });
      expect(json(unreachable)).toEqual({
        code: 1,
        body: {
          error: {
            code: 'CONNECTION_FAILED',
            message: 'could not reach the wagw server: Connection error. (connect ECONNREFUSED 127.0.0.1:1)',
            request_id: null,
          },
        },
      });
      const cancelled = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
      expect(json(cancelled)).toEqual({
        code: 2,
        body: { error: { code: 'CANCELLED', message: 'cancelled', request_id: null } },
      });
      expect(json(new TypeError('bad')).body.error).toEqual({
        code: 'INTERNAL',
        message: 'bad',
        request_id: null,
      });
    });

    it('prints nothing for help and version (exit 0)', () => {
      const lines: string[] = [];
      const help = new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
      expect(reportError(help, (t) => lines.push(t), { json: true })).toBe(0);
      expect(lines).toEqual([]);
    });
  });

  it('prints anything else as a plain error', () => {
    expect(formatError(new TypeError('bad'))).toEqual(['error: bad']);
    expect(formatError('weird')).toEqual(['error: weird']);
  });
});
