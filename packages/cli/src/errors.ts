import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  MessageFailedError,
  WagwError,
  WaitForStatusTimeoutError,
} from '@wagw/sdk';
import { CommanderError } from 'commander';

/** Process exit codes, as in the GitHub CLI. */
export const ExitCode = {
  ok: 0,
  error: 1,
  cancelled: 2,
  auth: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Codes of the errors the CLI raises itself (API errors keep the server's code). They are what
 * `--json` prints as `error.code`, so scripts can branch on them; listed in the CLI README.
 */
export type CliErrorCode =
  /** A flag or argument is missing or malformed. */
  | 'USAGE'
  /** No server URL or API key in flags, environment or profile. */
  | 'NOT_LOGGED_IN'
  /** The server could not be reached (refused, DNS, reset, timed out). */
  | 'CONNECTION_FAILED'
  /** Ctrl-C at a prompt, or a request aborted. */
  | 'CANCELLED'
  /** The saved profile file is not valid. */
  | 'CONFIG_INVALID'
  /** `sessions pair`: the session ended (logged out, failed) instead of connecting. */
  | 'PAIRING_FAILED'
  /** `sessions pair`: not connected within `--timeout`. */
  | 'PAIRING_TIMEOUT'
  /** `send text --wait`: the message failed. */
  | 'MESSAGE_FAILED'
  /** `send text --wait`: the status was not reached within `--timeout`. */
  | 'WAIT_TIMEOUT'
  /** `webhooks send`: the receiver did not answer 2xx. */
  | 'WEBHOOK_REJECTED'
  /** `webhooks test`: the endpoint did not answer the test event with 2xx. */
  | 'WEBHOOK_TEST_FAILED'
  /** `groups add|remove|promote|demote`: WhatsApp refused some of the numbers. */
  | 'PARTICIPANTS_FAILED'
  /** `sim`: the port is taken. */
  | 'PORT_IN_USE'
  /** `serve`, `sim`, `admin init|reset-key`, `sessions pair --scan`: an optional package is not installed. */
  | 'NOT_INSTALLED'
  /** The SDK refused something before sending it, or could not read the answer. */
  | 'CLIENT_ERROR'
  /** Anything else: a bug; `WAGW_DEBUG=1` prints the stack. */
  | 'INTERNAL';

export interface CliErrorOptions {
  /** What `--json` prints as `error.code`: a CLI code, or an API code the CLI passes on. */
  code: CliErrorCode | 'UNAUTHENTICATED';
  exitCode?: ExitCode;
  /** A next step printed under the error, e.g. "run `wagw login`". */
  hint?: string;
  /** The server's request id, when the error came from an API answer. */
  requestId?: string | null;
  cause?: unknown;
}

/** An error the CLI reports as is: `error: <message>`, then the hint, then exits with `exitCode`. */
export class CliError extends Error {
  readonly code: CliErrorOptions['code'];
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly requestId: string | null;

  constructor(message: string, options: CliErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = options.code;
    this.exitCode = options.exitCode ?? ExitCode.error;
    this.hint = options.hint;
    this.requestId = options.requestId ?? null;
  }
}

/** A flag or argument is missing or malformed (exit 1). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'USAGE', exitCode: ExitCode.error, ...(hint ? { hint } : {}) });
    this.name = 'UsageError';
  }
}

const LOGIN_HINT = 'run `wagw login` (or set WAGW_URL and WAGW_API_KEY)';

/** No URL or API key could be found in flags, environment or profile (exit 4). */
export function notLoggedIn(missing: string): CliError {
  return new CliError(`not logged in: no ${missing} configured`, {
    code: 'NOT_LOGGED_IN',
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
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
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

function connectionMessage(error: APIConnectionError): string {
  const cause = rootCause(error);
  return `could not reach the wagw server: ${error.message}${cause ? ` (${cause})` : ''}`;
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
    return [
      `error: ${connectionMessage(error)}`,
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

/** What `--json` prints for an error: the API's error shape, with a CLI code for CLI-side errors. */
export interface ErrorBody {
  error: { code: string; message: string; request_id: string | null };
}

/** Commander's own message, without its `error: ` prefix. */
function commanderMessage(error: CommanderError): string {
  if (error.code === 'commander.help') return 'missing command: add --help to list the commands';
  return error.message.replace(/^error: /, '');
}

/** The JSON body for any error a command can throw. */
export function errorBody(error: unknown): ErrorBody {
  const body = (code: string, message: string, requestId: string | null = null): ErrorBody => ({
    error: { code, message, request_id: requestId },
  });
  if (isPromptCancellation(error)) return body('CANCELLED', 'cancelled');
  if (error instanceof CliError) return body(error.code, error.message, error.requestId);
  if (error instanceof CommanderError) return body('USAGE', commanderMessage(error));
  if (APIError.is(error)) return body(error.code ?? `HTTP_${error.status}`, error.message, error.requestId);
  if (APIConnectionError.is(error)) return body('CONNECTION_FAILED', connectionMessage(error));
  if (APIUserAbortError.is(error)) return body('CANCELLED', error.message);
  if (MessageFailedError.is(error)) return body('MESSAGE_FAILED', error.message);
  if (WaitForStatusTimeoutError.is(error)) return body('WAIT_TIMEOUT', error.message);
  if (WagwError.is(error)) return body('CLIENT_ERROR', error.message);
  return body('INTERNAL', error instanceof Error ? error.message : String(error));
}

export interface ReportOptions {
  /** Print the error as one `ErrorBody` JSON line (commands run with `--json`). */
  json?: boolean;
  /** Print the stack too (`WAGW_DEBUG=1`). */
  debug?: boolean;
}

/**
 * Prints the error and returns the exit code to use. As text, commander has already printed its own
 * errors; with `json`, commander printed nothing (see `buildProgram`) and its error is printed here.
 */
export function reportError(
  error: unknown,
  write: (text: string) => void,
  options: ReportOptions = {},
): ExitCode {
  const exitCode = exitCodeFor(error);
  if (error instanceof CommanderError && (exitCode === ExitCode.ok || !options.json)) return exitCode;
  if (options.json) write(`${JSON.stringify(errorBody(error))}\n`);
  else for (const line of formatError(error)) write(`${line}\n`);
  if (options.debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return exitCode;
}
