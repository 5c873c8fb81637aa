import { APIConnectionError, APIError, AuthenticationError, MessageFailedError, WagwError } from '@wagw/sdk';
import { CommanderError } from 'commander';

/** Process exit codes, as in the GitHub CLI. */
export const ExitCode = {
  ok: 0,
  error: 1,
  cancelled: 2,
  auth: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliErrorOptions {
  exitCode?: ExitCode;
  /** A next step printed under the error, e.g. "run `wagw login`". */
  hint?: string;
  cause?: unknown;
}

/** An error the CLI reports as is: `error: <message>`, then the hint, then exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.error;
    this.hint = options.hint;
  }
}

/** A flag or argument is missing or malformed (exit 1). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.error, ...(hint ? { hint } : {}) });
    this.name = 'UsageError';
  }
}

const LOGIN_HINT = 'run `wagw login` (or set WAGW_URL and WAGW_API_KEY, or pass --url and --api-key)';

/** No URL or API key could be found in flags, environment or profile (exit 4). */
export function notLoggedIn(missing: string): CliError {
  return new CliError(`not logged in: no ${missing} configured`, {
    exitCode: ExitCode.auth,
    hint: LOGIN_HINT,
  });
}

function isPromptCancellation(error: unknown): boolean {
  // @inquirer/core throws these on Ctrl-C; matched by name so we need not depend on it directly.
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** The exit code for any error a command can throw. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (AuthenticationError.is(error)) return ExitCode.auth;
  if (isPromptCancellation(error)) return ExitCode.cancelled;
  return ExitCode.error;
}

/** The innermost `cause` that says something more than "fetch failed". */
function rootCause(error: Error): string | undefined {
  let detail: string | undefined;
  for (let c: unknown = error.cause; c instanceof Error; c = c.cause) {
    const code = (c as { code?: unknown }).code;
    detail = typeof code === 'string' && !c.message.includes(code) ? `${code}: ${c.message}` : c.message;
  }
  return detail;
}

/** The lines printed to stderr for an error. */
export function formatError(error: unknown): string[] {
  if (isPromptCancellation(error)) return ['cancelled'];
  if (error instanceof CliError) {
    return [`error: ${error.message}`, ...(error.hint ? [`hint: ${error.hint}`] : [])];
  }
  if (APIError.is(error)) {
    const request = error.requestId ? ` (request ${error.requestId})` : '';
    const lines = [`error: ${error.code ?? `HTTP ${error.status}`}: ${error.message}${request}`];
    if (AuthenticationError.is(error)) lines.push(`hint: the API key was rejected; ${LOGIN_HINT}`);
    return lines;
  }
  if (APIConnectionError.is(error)) {
    const cause = rootCause(error);
    return [
      `error: could not reach the wagw server: ${error.message}${cause ? ` (${cause})` : ''}`,
      'hint: check --url / WAGW_URL, or start a server with `wagw serve`',
    ];
  }
  if (MessageFailedError.is(error)) {
    const reason = error.lastMessage.error;
    return [`error: ${reason ? `${reason.code}: ${reason.message}` : error.message}`];
  }
  if (WagwError.is(error) || error instanceof Error) return [`error: ${error.message}`];
  return [`error: ${String(error)}`];
}

/** Prints the error and returns the exit code to use. Commander has already printed its own errors. */
export function reportError(error: unknown, write: (text: string) => void, debug = false): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version end in a CommanderError too, with exit code 0.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
  }
  for (const line of formatError(error)) write(`${line}\n`);
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return exitCodeFor(error);
}
