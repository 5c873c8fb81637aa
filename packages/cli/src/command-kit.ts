import { Command, InvalidArgumentError, Option } from 'commander';
import type { ConnectionFlags } from './config-store.js';
import type { Context } from './context.js';
import { UsageError } from './errors.js';
import { checkHttpUrl, normalizeUrl } from './url.js';

/** Flags every API command has. */
export interface ApiFlags extends ConnectionFlags {
  json?: boolean;
}

/** A leaf command with `--json`. */
export function leafCommand(name: string, description: string): Command {
  return new Command(name).description(description).option('--json', 'print JSON instead of text');
}

/** A leaf command that talks to the API: `--json`, `--url` and `--api-key`. */
export function apiCommand(name: string, description: string, urlFlag = '--url'): Command {
  return leafCommand(name, description)
    .addOption(new Option(`${urlFlag} <url>`, 'wagw server URL (default: $WAGW_URL, then your login)'))
    .addOption(
      new Option(
        '--api-key <key>',
        'API key (default: $WAGW_API_KEY, then your login; prefer those: a flag shows in `ps` and shell history)',
      ),
    );
}

/** Appends an `Examples:` section to the help text. */
export function withExamples(command: Command, ...examples: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
}

/** A commander argument parser for integers in [min, max]. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** `a,b , c` → `['a', 'b', 'c']`. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface MissingValue {
  /** The flag, for the error: `--to`. */
  flag: string;
  /** The prompt text. */
  message: string;
  secret?: boolean;
  default?: string;
  validate?: (value: string) => true | string;
}

/**
 * Returns `value` when it was given; otherwise asks for it on a TTY, or fails with a usage error
 * (exit 1) when stdin is not a terminal (scripts, CI, pipes).
 */
export async function valueOrPrompt(
  ctx: Context,
  value: string | undefined,
  missing: MissingValue,
): Promise<string> {
  if (value !== undefined && value !== '') {
    const verdict = missing.validate?.(value) ?? true;
    if (verdict !== true) throw new UsageError(`invalid ${missing.flag}: ${verdict}`);
    return value;
  }
  if (!ctx.stdinIsTTY) throw new UsageError(`missing required option ${missing.flag}`);
  const validate = (input: string) =>
    input.trim() === '' ? 'required' : (missing.validate?.(input.trim()) ?? true);
  const answer = missing.secret
    ? await ctx.prompts.password({ message: missing.message })
    : await ctx.prompts.input({
        message: missing.message,
        validate,
        ...(missing.default !== undefined ? { default: missing.default } : {}),
      });
  const trimmed = answer.trim();
  const verdict = validate(trimmed);
  if (verdict !== true) throw new UsageError(`invalid ${missing.flag}: ${verdict}`);
  return trimmed;
}

/** Where a secret (an API key, a webhook secret) may come from, first match wins. */
export interface SecretSources {
  /** The value of the plain flag (`--api-key K`), if given: works, but shows in `ps` and history. */
  flagValue: string | undefined;
  /** The flag's name, for errors: `--api-key`. */
  flag: string;
  /** Whether the `…-stdin` flag was given. */
  stdin: boolean | undefined;
  /** Its name: `--api-key-stdin`. */
  stdinFlag: string;
  /** The environment variable: `WAGW_API_KEY`. */
  envName: string;
  /** The prompt text. */
  message: string;
  /** On a terminal, ask for it (hidden) even without the `…-stdin` flag. */
  promptWhenMissing: boolean;
  validate?: (value: string) => true | string;
}

/**
 * Reads a secret so that it never has to be on a command line: the plain flag, else stdin with the
 * `…-stdin` flag (a hidden prompt when stdin is a terminal, where reading it raw would echo it), else
 * the environment variable, else a hidden prompt on a terminal if `promptWhenMissing`. Returns
 * `undefined` when none of them gave one.
 */
export async function readSecret(ctx: Context, sources: SecretSources): Promise<string | undefined> {
  const check = (value: string, from: string) => {
    const verdict = sources.validate?.(value) ?? true;
    if (verdict !== true) throw new UsageError(`invalid ${from}: ${verdict}`);
    return value;
  };
  const ask = async () => {
    const answer = (await ctx.prompts.password({ message: sources.message })).trim();
    if (answer === '') throw new UsageError(`no ${sources.message} given`);
    return check(answer, sources.message);
  };
  if (sources.flagValue !== undefined && sources.stdin) {
    throw new UsageError(`use either ${sources.flag} or ${sources.stdinFlag}, not both`);
  }
  if (sources.flagValue !== undefined && sources.flagValue !== '') {
    return check(sources.flagValue, sources.flag);
  }
  if (sources.stdin) {
    if (ctx.stdinIsTTY) return ask();
    const text = (await ctx.readStdin()).trim();
    if (text === '') throw new UsageError(`${sources.stdinFlag}: stdin was empty`);
    if (/\s/.test(text)) throw new UsageError(`${sources.stdinFlag}: expected one value on stdin`);
    return check(text, sources.stdinFlag);
  }
  const fromEnv = ctx.env[sources.envName];
  if (fromEnv) return check(fromEnv, sources.envName);
  if (sources.promptWhenMissing && ctx.stdinIsTTY) return ask();
  return undefined;
}

/** The server URL from `--url`, else `$WAGW_URL`, else a prompt (on a terminal), normalised. */
export async function serverUrl(ctx: Context, flag: string | undefined): Promise<string> {
  return normalizeUrl(
    await valueOrPrompt(ctx, flag ?? ctx.env.WAGW_URL, {
      flag: '--url',
      message: 'wagw server URL',
      default: 'http://127.0.0.1:3000',
      validate: checkHttpUrl,
    }),
  );
}
