import { Command, InvalidArgumentError, Option } from 'commander';
import type { ConnectionFlags } from './config-store.js';
import type { Context } from './context.js';
import { UsageError } from './errors.js';

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
    .addOption(new Option('--api-key <key>', 'API key (default: $WAGW_API_KEY, then your login)'));
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
