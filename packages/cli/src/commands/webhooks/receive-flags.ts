import type { ResponderOptions } from '@wagw/webhook-sim';
import { type Command, InvalidArgumentError } from 'commander';
import { integer } from '../../command-kit.js';
import { UsageError } from '../../errors.js';

/** The flags of `wagw webhooks receive` that choose its answers (see `createResponder`). */
export interface ResponderFlags {
  /** `--status`: the answer to every accepted webhook not failed on purpose (default 200). */
  status?: number;
  /** `--fail-status`: the answer of deliberate failures (default 500). */
  failStatus?: number;
  /** `--fail-first`: fail the first n attempts of each webhook-id. */
  failFirst?: number;
  /** `--fail-rate`: fail this fraction (0–1) of the other attempts. */
  failRate?: number;
  /** `--seed`: makes `--fail-rate`'s choices repeatable. */
  seed?: number;
  /** `--delay`: milliseconds to wait before every answer. */
  delay?: number;
  /** `--retry-after`: seconds, sent as `Retry-After` with every answer that is not 2xx. */
  retryAfter?: number;
}

/** A commander argument parser for a number from 0 to 1 (`0.25`). */
export function fraction(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('expected a number from 0 to 1, such as 0.25.');
  }
  return n;
}

interface FlagSpec {
  key: keyof ResponderFlags;
  flags: string;
  description: string;
  parse: (value: string) => number;
  default?: number;
}

const MAX_DELAY_MS = 3_600_000;

const SPECS: readonly FlagSpec[] = [
  {
    key: 'status',
    flags: '--status <code>',
    description: 'answer this status to every accepted webhook (200-599)',
    parse: integer(200, 599),
    default: 200,
  },
  {
    key: 'failFirst',
    flags: '--fail-first <n>',
    description: 'fail the first n attempts of each webhook-id with --fail-status, then answer --status',
    parse: integer(0),
  },
  {
    key: 'failRate',
    flags: '--fail-rate <0..1>',
    description: 'fail this fraction of the (other) attempts with --fail-status, e.g. 0.3',
    parse: fraction,
  },
  {
    key: 'failStatus',
    flags: '--fail-status <code>',
    description: 'the status of the deliberate failures (300-599)',
    parse: integer(300, 599),
    default: 500,
  },
  {
    key: 'seed',
    flags: '--seed <n>',
    description: 'seed for --fail-rate: the same seed fails the same deliveries (by order of arrival)',
    parse: integer(0),
  },
  {
    key: 'delay',
    flags: '--delay <ms>',
    description: `wait this long before every answer (0-${MAX_DELAY_MS}), e.g. past the sender's timeout`,
    parse: integer(0, MAX_DELAY_MS),
  },
  {
    key: 'retryAfter',
    flags: '--retry-after <seconds>',
    description: 'send Retry-After with every answer that is not 2xx',
    parse: integer(0),
  },
];

const flagName = (spec: FlagSpec) => spec.flags.split(' ')[0]!;

/** Adds the answer-choosing flags to `cmd`. */
export function addResponderFlags(cmd: Command): Command {
  for (const spec of SPECS) {
    if (spec.default === undefined) cmd.option(spec.flags, spec.description, spec.parse);
    else cmd.option(spec.flags, spec.description, spec.parse, spec.default);
  }
  return cmd;
}

/**
 * Checks the flags (with the parsers commander uses, so `run()` called directly gets the same
 * verdicts: a `USAGE` error naming the flag) and maps them to `createResponder` options.
 */
export function responderOptions(flags: ResponderFlags): ResponderOptions {
  for (const spec of SPECS) {
    const value = flags[spec.key];
    if (value === undefined) continue;
    try {
      spec.parse(String(value));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UsageError(`invalid ${flagName(spec)} ${value}: ${reason}`);
    }
  }
  return {
    status: flags.status ?? 200,
    failStatus: flags.failStatus ?? 500,
    failFirst: flags.failFirst ?? 0,
    failRate: flags.failRate ?? 0,
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    delayMs: flags.delay ?? 0,
    ...(flags.retryAfter === undefined ? {} : { retryAfterSeconds: flags.retryAfter }),
  };
}

/** One sentence saying how the receiver will answer, e.g. for the start-up banner. */
export function describeAnswers(options: ResponderOptions): string {
  const { status = 200, failStatus = 500, failFirst = 0, failRate = 0 } = options;
  const parts = [`Answering ${status} to accepted webhooks`];
  if (failFirst > 0) {
    parts.push(`${failStatus} to the first ${failFirst} attempt(s) of each webhook-id`);
  }
  if (failRate > 0) {
    const seed = options.seed === undefined ? '' : ` (seed ${options.seed})`;
    const which = failFirst > 0 ? 'later attempts' : 'attempts';
    parts.push(`${failStatus} to ${Math.round(failRate * 1000) / 10}% of the ${which}${seed}`);
  }
  if (options.retryAfterSeconds !== undefined) {
    parts.push(`Retry-After: ${options.retryAfterSeconds} on answers that are not 2xx`);
  }
  if (options.delayMs) parts.push(`each after waiting ${options.delayMs} ms`);
  return `${parts.join('; ')}.`;
}
