import { InvalidArgumentError } from 'commander';

/** `--period`: a month, YYYY-MM. */
export function periodArg(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('expected a month, YYYY-MM.');
  return value;
}
