import { parse } from 'csv-parse/sync';
import { AppError } from '../errors/app-error.js';
import type { PhoneNormalizer } from './phone.js';

export const MAX_RECIPIENTS = 10_000;
/** How many bad rows an error lists. */
const LISTED = 10;
const PHONE_COLUMNS = ['phone', 'to', 'number'];

export interface RecipientInput {
  to: string;
  variables?: Record<string, string> | undefined;
}

/**
 * A CSV of recipients: a header row, a `phone` (or `to`, `number`) column, and any other columns
 * as the row's variables (`{{name}}` in the message is the `name` column).
 */
export function recipientsFromCsv(csv: string): RecipientInput[] {
  let rows: string[][];
  try {
    rows = parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The CSV cannot be read: ${(error as Error).message}`,
      param: 'csv',
    });
  }
  const [header, ...body] = rows;
  const columns = (header ?? []).map((h) => h.toLowerCase());
  const phoneAt = columns.findIndex((c) => PHONE_COLUMNS.includes(c));
  if (!header || phoneAt < 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The CSV needs a header row with a ${PHONE_COLUMNS.join(' / ')} column.`,
      param: 'csv',
    });
  }
  return body.map((row) => ({
    to: row[phoneAt] ?? '',
    variables: Object.fromEntries(header.flatMap((name, i) => (i === phoneAt ? [] : [[name, row[i] ?? '']]))),
  }));
}

/**
 * Checks every recipient before anything is stored: a number the phone rules refuse, a repeated
 * number, or a row without a variable the message uses is a 400 naming the rows (1-based, as a
 * spreadsheet shows them; a CSV's header is row 1).
 */
export function checkRecipients(
  inputs: readonly RecipientInput[],
  variables: readonly string[],
  normalizePhone: PhoneNormalizer,
  fromCsv: boolean,
): Array<{ to: string; variables: Record<string, string> }> {
  const param = fromCsv ? 'csv' : 'recipients';
  if (inputs.length === 0 || inputs.length > MAX_RECIPIENTS) {
    throw new AppError('VALIDATION_FAILED', {
      message: `A broadcast has 1 to ${MAX_RECIPIENTS} recipients; this one has ${inputs.length}.`,
      param,
    });
  }
  const rowOf = (i: number) => (fromCsv ? i + 2 : i + 1);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const out = inputs.map((input, i) => {
    let to = '';
    try {
      to = normalizePhone(input.to, param);
    } catch (error) {
      problems.push(`row ${rowOf(i)}: ${(error as Error).message}`);
      return { to, variables: {} };
    }
    const first = seen.get(to);
    if (first !== undefined) problems.push(`row ${rowOf(i)}: ${to} is also row ${rowOf(first)}`);
    else seen.set(to, i);
    const vars = input.variables ?? {};
    const missing = variables.filter((name) => !Object.hasOwn(vars, name) || vars[name] === '');
    if (missing.length > 0) problems.push(`row ${rowOf(i)}: no value for ${missing.join(', ')}`);
    return { to, variables: vars };
  });
  if (problems.length > 0) {
    const more = problems.length > LISTED ? ` (and ${problems.length - LISTED} more)` : '';
    throw new AppError('VALIDATION_FAILED', {
      message: `${problems.length} recipient${problems.length === 1 ? '' : 's'} cannot be sent to: ${problems.slice(0, LISTED).join('; ')}${more}. Nothing was queued.`,
      param,
      details: { problems: problems.slice(0, 100) },
    });
  }
  return out;
}
